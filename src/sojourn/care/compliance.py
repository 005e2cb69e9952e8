"""A traveller's compliance record: reports filed late, debriefs late or overdue, check-ins
missed, invitations decided. The console's person page and the API's person read it alike."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q

from sojourn.care.models import Escalation, EscalationKind
from sojourn.people.access import AnyUser
from sojourn.trips.models import Invitation, InvitationDecision, Trip, TripStatus

S = TripStatus
# A debrief filed after its deadline (the deadline is a date; the filing a moment).
DEBRIEF_FILED_LATE = Q(debrief__submitted_at__isnull=False) & Q(
    debrief__submitted_at__date__gt=F("debrief_due")
)


@dataclass(frozen=True)
class Compliance:
    """A traveller's record, counted over the trips the viewer may see (drafts left out)."""

    trips: int
    late_reports: int
    debriefs_late: int
    debriefs_overdue: int
    missed_checkins: int
    unreachable: int
    invitations_accepted: int
    invitations_declined: int
    invitations_pending: int


def compliance(viewer: AnyUser, traveller_id: int, today: datetime.date) -> Compliance:
    """Three aggregate queries, whatever the length of the record."""
    trips = (
        Trip.objects.visible_to(viewer)
        .filter(traveller_id=traveller_id)
        .exclude(status=S.DRAFT)
        .aggregate(
            trips=Count("pk"),
            late=Count("pk", filter=Q(late_report=True)),
            overdue=Count("pk", filter=Q(status=S.RETURNED, debrief_due__lt=today)),
            filed_late=Count("pk", filter=DEBRIEF_FILED_LATE),
        )
    )
    silences = (
        Escalation.objects.visible_to(viewer)
        .filter(trip__traveller_id=traveller_id)
        .aggregate(
            missed=Count("pk", filter=Q(kind=EscalationKind.MISSED_CHECKIN)),
            unreachable=Count("pk", filter=Q(kind=EscalationKind.UNREACHABLE)),
        )
    )
    invitations = (
        Invitation.objects.visible_to(viewer)
        .filter(invitee_id=traveller_id)
        .aggregate(
            accepted=Count("pk", filter=Q(decision=InvitationDecision.ACCEPTED)),
            declined=Count("pk", filter=Q(decision=InvitationDecision.DECLINED)),
            pending=Count("pk", filter=Q(decision=InvitationDecision.PENDING)),
        )
    )
    return Compliance(
        trips=trips["trips"],
        late_reports=trips["late"],
        debriefs_late=trips["filed_late"],
        debriefs_overdue=trips["overdue"],
        missed_checkins=silences["missed"],
        unreachable=silences["unreachable"],
        invitations_accepted=invitations["accepted"],
        invitations_declined=invitations["declined"],
        invitations_pending=invitations["pending"],
    )
