"""After a new snapshot: every open trip, pending invitation and contact screened again.

The hits are recorded set-wise, a chunk of trips or invitations at a time; pending invitations'
pre-assessments are worked out again; and the open trips are re-assessed through the
re-assessment runner a directive uses (`directives.reassess`), so a trip that a newly listed
name makes stricter has its approval reopened, as a directive would.

Between two imports, what comes in is screened as it comes: a trip's meetings when it is
submitted, a debrief's when it is filed, an invitation's host and inviter when it is recorded,
and a contact when it is created or gains a name (`on_contacts_named`, a set at a time).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence

from sojourn.contacts import hooks as contact_hooks
from sojourn.contacts.models import Contact
from sojourn.directives import reassess
from sojourn.directives.models import ReassessmentRun
from sojourn.people.today import today_of
from sojourn.screening import recording, screen
from sojourn.trips.assessing import assess_invitation
from sojourn.trips.hooks import InvitationMoved, Moved
from sojourn.trips.models import Invitation, InvitationDecision

CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def after_import(*, now: datetime.datetime) -> ReassessmentRun:
    """Screen what is open against the newest snapshots; the run it starts is the worker's (or
    the caller's) to carry to the end."""
    trip_ids = list(reassess.open_trips(now).order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(trip_ids):
        recording.record(recording.trips(chunk), now=now)
    pending = Invitation.objects.filter(decision=InvitationDecision.PENDING)
    invitation_ids = list(pending.order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(invitation_ids):
        recording.record(recording.invitations(chunk), now=now)
        _reassess_invitations(chunk, now)
    contact_ids = list(
        Contact.objects.filter(merged_into__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    for chunk in _chunks(contact_ids):
        recording.record(recording.contacts(chunk), now=now)
    return reassess.start(None, now=now)


def _reassess_invitations(ids: Sequence[int], now: datetime.datetime) -> None:
    invitations = Invitation.objects.filter(pk__in=ids).select_related(
        "organisation", "invitee__person"
    )
    for invitation in invitations:
        today = today_of(invitation.organisation, now)
        invitation.pre_assessment = assess_invitation(invitation, today=today).to_dict()
    Invitation.objects.bulk_update(invitations, ["pre_assessment"])


RECORDERS: dict[str, Callable[[Sequence[int]], list[recording.Subject]]] = {
    "submitted": recording.trips,
    "debrief_submitted": recording.debriefs,
}


def on_move(event: Moved) -> None:
    """A trip submitted has its planned meetings screened, a debrief filed its meetings held."""
    subjects = RECORDERS.get(event.action)
    if subjects is not None:
        recording.record(subjects([event.trip.pk]), now=event.now)


def on_invitation(event: InvitationMoved) -> None:
    """An invitation recorded has its host and who invited screened, as its pre-assessment
    was: the hits are the officers' to see, as a trip's are."""
    if event.action == "recorded":
        recording.record(recording.invitations([event.invitation.pk]), now=event.now)


def on_contacts_named(event: contact_hooks.Named) -> None:
    """Contacts created or renamed between two imports are screened at once, as a set, against
    the newest snapshots (with no list loaded, one query finds there is nothing to do)."""
    if len(screen.screener()):
        recording.record(recording.contacts(event.contact_ids), now=event.now)
