"""psgnews: compile the Peru Support Group's news Update from plain files."""

__version__ = "0.1.0"
