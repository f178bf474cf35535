"""The web archive: a static site of every issue, section and tag, with an Atom feed."""
