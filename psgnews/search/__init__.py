"""`psgnews search`: an SQLite FTS5 index of every issue's articles, briefing and series item.

The kinds of entry are named here, where the command line can read them
without importing the index's code.
"""

KINDS = ("article", "briefing", "series")  # an Update's article, a briefing, a series item
