"""Generators of synthetic projects and old pages, shared by tests/ and benchmarks/.

Deterministic: the same arguments always write the same bytes. Not part of the
psgnews package (the wheel leaves it out); run from the repository's root.
"""
