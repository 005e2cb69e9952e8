"""Debriefs to review and the whole of one debrief."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from sojourn.console.selectors.common import destinations, paginate
from sojourn.debriefs.models import (
    Debrief,
    DebriefMeeting,
    DebriefStatus,
    Incident,
    IncidentKind,
)
from sojourn.people.access import AnyUser
from sojourn.people.today import today_of
from sojourn.policy import country_name
from sojourn.trips.models import Trip, TripStatus

RECENTLY_REVIEWED = 20


@dataclass(frozen=True)
class DebriefLine:
    debrief: Debrief
    trip: Trip
    destinations: list[str]

    @property
    def filed_late(self) -> bool:
        return filed_late(self.debrief, self.trip)


def filed_late(debrief: Debrief, trip: Trip) -> bool:
    """Filed after the deadline, as the service judges it: the filing day against the due date."""
    filed = debrief.submitted_at
    return bool(
        filed and trip.debrief_due and today_of(trip.organisation, filed) > trip.debrief_due
    )


@dataclass(frozen=True)
class DebriefQueue:
    to_review: list[DebriefLine]
    page: Page[Debrief]
    reviewed: list[DebriefLine]


def _count(rows: QuerySet[Any]) -> Coalesce:
    """How many of `rows` (filtered on OuterRef("pk")), as a correlated subquery: computed for
    the rows of the page only, not grouped over every debrief before the page is cut."""
    counted = rows.order_by().values("debrief").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _debriefs(user: AnyUser) -> QuerySet[Debrief]:
    """Debriefs with their trip, traveller and legs, and the counts a reviewer looks for first;
    an archived debrief (retention) is out of the lists, though its page still opens."""
    meetings = DebriefMeeting.objects.filter(debrief=OuterRef("pk"))
    return (
        Debrief.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .select_related("trip__traveller", "trip__organisation", "reviewed_by")
        .prefetch_related("trip__legs")
        .annotate(
            meeting_count=_count(meetings),
            sensitive_count=_count(meetings.filter(sensitive_topics=True)),
            incident_count=_count(Incident.objects.filter(debrief=OuterRef("pk"))),
        )
    )


def debrief_queue(user: AnyUser, page_number: str | None, language: str) -> DebriefQueue:
    to_review = _debriefs(user).filter(trip__status=TripStatus.DEBRIEFED)
    page: Page[Debrief] = paginate(to_review.order_by("submitted_at", "id"), page_number)
    reviewed = _debriefs(user).filter(reviewed_at__isnull=False).order_by("-reviewed_at", "-id")
    return DebriefQueue(
        to_review=[
            DebriefLine(debrief, debrief.trip, destinations(debrief.trip, language))
            for debrief in page
        ],
        page=page,
        reviewed=[
            DebriefLine(debrief, debrief.trip, destinations(debrief.trip, language))
            for debrief in reviewed[:RECENTLY_REVIEWED]
        ],
    )


@dataclass(frozen=True)
class IncidentGroup:
    kind: str
    label: str
    incidents: list[tuple[Incident, str]]


@dataclass(frozen=True)
class DebriefPage:
    trip: Trip
    debrief: Debrief
    destinations: list[str]
    meetings: list[tuple[DebriefMeeting, str]]
    incidents: list[IncidentGroup]

    @property
    def filed_late(self) -> bool:
        return filed_late(self.debrief, self.trip)

    @property
    def flagged_meetings(self) -> int:
        return sum(
            1
            for meeting, _name in self.meetings
            if meeting.sensitive_topics or meeting.future_contact_requested
        )


def debrief_of(user: AnyUser, trip: Trip) -> Debrief:
    """The trip's debrief, or a 404 when there is none the viewer may see. A draft is the
    traveller's own until they file it."""
    debrief = (
        Debrief.objects.visible_to(user)
        .select_related("reviewed_by")
        .filter(trip=trip)
        .exclude(status=DebriefStatus.DRAFT)
        .first()
    )
    if debrief is None:
        raise Http404("No debrief matches.")
    return debrief


def debrief_page(user: AnyUser, trip: Trip, debrief: Debrief, language: str) -> DebriefPage:
    def named(code: str) -> str:
        return country_name(code, language) if code else ""

    groups: dict[str, list[tuple[Incident, str]]] = {}
    for incident in debrief.incidents.all():
        groups.setdefault(incident.kind, []).append((incident, named(incident.country)))
    # A fixed order of kinds, the one the traveller's form lists, so a reviewer learns to scan it.
    order = [kind for kind in IncidentKind.values if kind in groups]
    return DebriefPage(
        trip=trip,
        debrief=debrief,
        destinations=destinations(trip, language),
        meetings=[(meeting, named(meeting.country)) for meeting in debrief.meetings.all()],
        incidents=[
            IncidentGroup(kind, str(IncidentKind(kind).label), groups[kind]) for kind in order
        ],
    )
