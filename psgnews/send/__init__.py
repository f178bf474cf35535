"""Sending: the members list, the journal, the SMTP relay and delivery, each member once."""
