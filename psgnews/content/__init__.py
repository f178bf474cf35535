"""Content: read YAML safely, check it, and make the frozen `Issue` every renderer receives."""
