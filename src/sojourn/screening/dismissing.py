"""An officer dismisses a hit as a false positive, with a reason.

The dismissal is audited (ids, never the reason or the name) and remembered for the list entry
and the subject (a name's matching form, or a contact): screening leaves that pair out while the
entry is unchanged (same list, id and fingerprint) in the lists' newest snapshots, and finds it
again once the entry changes.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.conf.errors import Conflict, InvalidInput, NotAllowed
from sojourn.people.access import organisation_id_of, role_of
from sojourn.people.models import Role
from sojourn.screening.models import Dismissal, Hit


def may_dismiss(user: User, hit: Hit) -> bool:
    """Only a security officer of the hit's organisation dismisses it."""
    return role_of(user) == Role.OFFICER and organisation_id_of(user) == hit.organisation_id


def dismiss(*, hit: Hit, actor: User, reason: str, now: datetime.datetime) -> Dismissal:
    if not may_dismiss(actor, hit):
        raise NotAllowed(_("Only a security officer of its organisation dismisses a hit."))
    if not reason.strip():
        raise InvalidInput({"reason": _("Say why this hit is a false positive.")})
    entry = hit.entry
    with transaction.atomic():
        if _dismissed_already(hit):
            raise Conflict(_("This hit is already dismissed for its list entry."))
        dismissal = Dismissal.objects.create(
            organisation_id=hit.organisation_id,
            screening_list_id=entry.snapshot.screening_list_id,
            entry_id=entry.entry_id,
            fingerprint=entry.fingerprint,
            subject=hit.subject,
            hit=hit,
            reason=reason.strip(),
            dismissed_by=actor,
            dismissed_at=now,
        )
        audit.record(
            actor=actor,
            action="screening.hit_dismissed",
            obj=dismissal,
            at=now,
            data={"hit_id": hit.pk, "list_entry_id": entry.pk},
        )
    return dismissal


def _dismissed_already(hit: Hit) -> bool:
    entry = hit.entry
    same = Dismissal.objects.select_for_update().filter(
        organisation_id=hit.organisation_id,
        screening_list_id=entry.snapshot.screening_list_id,
        entry_id=entry.entry_id,
        fingerprint=entry.fingerprint,
    )
    return any(dismissal.subject == hit.subject for dismissal in same)
