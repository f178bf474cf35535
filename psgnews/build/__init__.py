"""Building: one issue, many issues in workers, fingerprints, and the one writer."""
