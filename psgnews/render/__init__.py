"""Rendering: templates and layouts; the email, plain text, `.eml` and print HTML."""
