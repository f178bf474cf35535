"""The ground every stage stands on: names, safe reads, the one writer, records, cache, errors.

Imports nothing of psgnews above it (`lint-imports` checks it).
"""
