"""Every read of a contact's details leaves an audit event (ids only, never what was read)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from sojourn.audit.services import record
from sojourn.contacts.models import Contact


def record_contact_read(
    contact: Contact, *, actor: User, at: datetime.datetime, through: str
) -> None:
    """`through` names the face that showed it (`web`, `api`)."""
    record(actor=actor, action="contact.read", obj=contact, at=at, data={"through": through})
