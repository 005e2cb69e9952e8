"""What the register's services refuse, as codes the faces word in the reader's language."""

from __future__ import annotations


class ContactError(Exception):
    """A refused change: `code` says what was wrong (the faces word it), the message is English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class NotAllowed(ContactError):
    """The person may not make this change (a face answers 404, as for what it cannot see)."""
