"""What tests/ and benchmarks/ share: generated projects, old pages, photos and mail, a copy
of the sample, and a local SMTP server standing in for the Group's relay.

Generators are deterministic: the same arguments always write the same bytes. Not part
of the psgnews package (the wheel leaves it out); run from the repository's root.
"""
