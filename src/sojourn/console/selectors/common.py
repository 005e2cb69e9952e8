"""What several console pages share: pagination, destinations named in the reader's language,
and a traveller's compliance record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from sojourn.care.models import Escalation, EscalationKind
from sojourn.people.access import AnyUser
from sojourn.policy import country_name
from sojourn.trips.models import Invitation, InvitationDecision, Trip, TripStatus

S = TripStatus
PAGE_SIZE = 25
# A debrief filed after its deadline (the deadline is a date; the filing a moment).
DEBRIEF_FILED_LATE = Q(debrief__submitted_at__isnull=False) & Q(
    debrief__submitted_at__date__gt=F("debrief_due")
)


T = TypeVar("T")


def paginate(items: Sequence[T] | QuerySet[Any, T], number: str | None) -> Page[T]:
    """The page asked for; a number out of range or not a number gives the nearest page."""
    page: Page[T] = Paginator(items, PAGE_SIZE).get_page(number)
    return page


def destinations(trip: Trip, language: str) -> list[str]:
    """The trip's countries in the reader's language, in itinerary order, transits marked.
    Reads the prefetched legs."""
    names: list[str] = []
    for leg in trip.legs.all():
        name = country_name(leg.country, language)
        if leg.transit:
            name = _("%(country)s (transit)") % {"country": name}
        if name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class TripLine:
    """A trip with its destinations named, for any list of trips."""

    trip: Trip
    destinations: list[str]


def trip_lines(trips: Iterable[Trip], language: str) -> list[TripLine]:
    return [TripLine(trip, destinations(trip, language)) for trip in trips]


@dataclass(frozen=True)
class Compliance:
    """A traveller's record, counted over the trips the viewer may see."""

    trips: int
    late_reports: int
    debriefs_late: int
    debriefs_overdue: int
    missed_checkins: int
    unreachable: int
    invitations_accepted: int
    invitations_declined: int
    invitations_pending: int


def compliance(user: AnyUser, traveller_id: int, today: datetime.date) -> Compliance:
    """Three aggregate queries, whatever the length of the record."""
    trips = (
        Trip.objects.visible_to(user)
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
        Escalation.objects.visible_to(user)
        .filter(trip__traveller_id=traveller_id)
        .aggregate(
            missed=Count("pk", filter=Q(kind=EscalationKind.MISSED_CHECKIN)),
            unreachable=Count("pk", filter=Q(kind=EscalationKind.UNREACHABLE)),
        )
    )
    invitations = (
        Invitation.objects.visible_to(user)
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
