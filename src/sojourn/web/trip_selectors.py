"""What one trip's page shows, for a caller who has found the trip through
`Trip.objects.visible_to`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise

from sojourn.audit.models import AuditEvent
from sojourn.audit.redaction import REDACTED, shown
from sojourn.care.models import CheckIn, Deviation, Escalation
from sojourn.care.services import deviation_reason
from sojourn.directives.models import Directive
from sojourn.directives.reassess import reopen_reason
from sojourn.people.access import AnyUser, reads_everything
from sojourn.trips.models import Leg, PlannedMeeting, Review, Trip
from sojourn.trips.permissions import is_officer_of, is_oversight, sees_locations


@dataclass(frozen=True)
class TripPage:
    trip: Trip
    legs: list[Leg]
    meetings: list[PlannedMeeting]
    reviews: list[Review]
    checkins: list[CheckIn]
    # What needed a person's attention and how each was closed, in the officer's own words:
    # for the duty-of-care roles only (None for the traveller and the auditor).
    escalations: list[Escalation] | None
    # None when the viewer may not read the audit log (travellers, officers).
    timeline: list[AuditEvent] | None
    story: list[StoryEntry]


@dataclass(frozen=True)
class StoryEntry:
    """One event of a trip's story, and why it happened in words ("" when it says nothing
    more): read from the row the event names (the trip's reason, the directive, the deviation),
    since the trail carries ids, never words."""

    event: AuditEvent
    why: str | Promise = ""


def trip_timeline(user: AnyUser, trip: Trip) -> list[AuditEvent] | None:
    if not reads_everything(user):
        return None
    events = AuditEvent.objects.visible_to(user).filter(
        object_type=Trip._meta.label_lower, object_id=str(trip.pk)
    )
    return list(events.order_by("seq"))


def trip_story(trip: Trip) -> list[AuditEvent]:
    """What happened to a trip, for whoever may see the trip: its transitions and decisions
    (directives that reopened it included) and the escalations about it. The caller has found
    the trip through `visible_to`, so these events tell nothing the viewer may not know."""
    events = AuditEvent.objects.filter(
        Q(object_type=Trip._meta.label_lower, object_id=str(trip.pk))
        # Events written before 2026-12 name the trip `trip`, later ones `trip_id`.
        | Q(object_type="care.escalation", data__trip_id=trip.pk)
        | Q(object_type="care.escalation", data__trip=trip.pk)
    ).select_related("actor")
    return list(events.order_by("seq"))


def trip_page(user: AnyUser, trip: Trip) -> TripPage:
    """The parts of a trip the caller has already found through `Trip.objects.visible_to`."""
    return TripPage(
        trip=trip,
        legs=list(trip.legs.all()),
        meetings=list(trip.meetings.all()),
        reviews=list(trip.reviews.select_related("reviewer").order_by("round", "position")),
        checkins=list(CheckIn.objects.visible_to(user).filter(trip=trip).order_by("-at")),
        escalations=_escalations_for(user, trip),
        timeline=trip_timeline(user, trip),
        story=_story_for(user, trip),
    )


def _escalations_for(user: AnyUser, trip: Trip) -> list[Escalation] | None:
    if not (is_officer_of(user, trip) or is_oversight(user)):  # type: ignore[arg-type]
        return None
    return list(trip.escalations.select_related("resolved_by").order_by("-opened_at", "-id"))


def _story_for(user: AnyUser, trip: Trip) -> list[StoryEntry]:
    """The story with each event's why; older events' places and words hidden from a reader
    who may not see where the traveller was (the auditor). The events are read, never saved."""
    story = trip_story(trip)
    sees = sees_locations(user, trip)  # type: ignore[arg-type]
    why = _Whys.of(trip, story, words_written_before=sees)
    entries = [StoryEntry(event, why(event)) for event in story]
    if not sees:
        for event in story:
            event.data = shown(event.action, event.data)
    return entries


@dataclass(frozen=True)
class _Whys:
    """Why each event of a trip's story happened, from the rows its events name (the
    directives and deviations read in one query each)."""

    trip: Trip
    directives: dict[int, Directive]
    deviations: dict[int, Deviation]
    words_written_before: bool  # show the reason older events carry in their data

    @classmethod
    def of(cls, trip: Trip, story: list[AuditEvent], *, words_written_before: bool) -> _Whys:
        def named(key: str) -> set[int]:
            return {e.data[key] for e in story if isinstance(e.data, dict) and key in e.data}

        directives = Directive.objects.filter(pk__in=named("directive_id"))
        # A deviation's country and dates only: its city and reason stay sealed.
        deviations = Deviation.objects.filter(trip=trip, pk__in=named("deviation_id")).only(
            "id", "country", "starts_on", "ends_on"
        )
        return cls(
            trip,
            {directive.pk: directive for directive in directives},
            {deviation.pk: deviation for deviation in deviations},
            words_written_before,
        )

    def __call__(self, event: AuditEvent) -> str | Promise:
        data = event.data if isinstance(event.data, dict) else {}
        if event.action == "trip.cancelled":
            return self.trip.cancel_reason
        if event.action == "trip.withdrawn":
            return self.trip.withdraw_reason
        if event.action != "trip.reopened":
            return ""
        if data.get("deviation_id") in self.deviations:
            return deviation_reason(self.deviations[data["deviation_id"]])
        if "run_id" in data:
            return reopen_reason(self.directives.get(data.get("directive_id", 0)))
        if not data.get("reason"):
            return ""
        # Written before events named the cause by id: the reason as it was worded then.
        return str(data["reason"]) if self.words_written_before else REDACTED
