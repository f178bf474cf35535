"""`psgnews search`: an SQLite FTS5 index of every issue's articles, briefing and series item."""
