"""The one check of an email address: psgnews.yaml's addresses, the members list, `send --test`."""

from __future__ import annotations


def email_address(text: str) -> str:
    """Return `text` as the address a mail server should get, or raise ValueError saying why."""
    # Imported only when an address is checked: email_validator costs ~25 ms to import.
    from email_validator import EmailNotValidError, validate_email

    try:
        # No accents before the @ (SMTPUTF8): Python's email package cannot write them in a
        # header, and many relays refuse them. Accented domains are sent in their ASCII form.
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as e:
        raise ValueError(f"{text!r} is not a valid address: {e}") from None
    return str(checked.ascii_email)
