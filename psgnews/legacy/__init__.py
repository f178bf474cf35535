"""Old news pages (text and HTML) read, repaired and turned into content files."""
