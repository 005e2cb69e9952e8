"""What each page shows. Every list is read through a `visible_to` scoping function, with its
joins and prefetches fixed, so a page costs the same few queries however many rows it lists."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from sojourn.audit.models import AuditEvent
from sojourn.care.models import CheckIn, Escalation, EscalationKind
from sojourn.notify.models import Notification
from sojourn.people.access import AnyUser, reads_everything, visible_organisations
from sojourn.people.models import Organisation, Role
from sojourn.trips.models import Leg, PlannedMeeting, Review, ReviewDecision, Trip, TripStatus

S = TripStatus
INBOX_SIZE = 100
AUDIT_FEED_SIZE = 50
# "My trips" puts what is live first and what is over last.
MY_TRIPS_ORDER = (
    S.IN_PROGRESS,
    S.APPROVED,
    S.SUBMITTED,
    S.DRAFT,
    S.RETURNED,
    S.DEBRIEFED,
    S.CLOSED,
    S.DENIED,
    S.WITHDRAWN,
    S.CANCELLED,
)


def _trips(user: AnyUser) -> QuerySet[Trip]:
    return Trip.objects.visible_to(user).select_related("traveller").prefetch_related("legs")


def _with_last_checkin(trips: QuerySet[Trip], user: AnyUser) -> QuerySet[Trip]:
    latest = CheckIn.objects.visible_to(user).filter(trip=OuterRef("pk")).order_by("-at")
    return trips.annotate(last_checkin=Subquery(latest.values("at")[:1]))


def _with_overdue(trips: QuerySet[Trip], today: datetime.date) -> QuerySet[Trip]:
    overdue = ExpressionWrapper(Q(debrief_due__lt=today), output_field=BooleanField())
    return trips.annotate(debrief_overdue=overdue)


# Traveller ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusGroup:
    status: TripStatus
    trips: list[Trip]


@dataclass(frozen=True)
class TravellerHome:
    drafts: list[Trip]
    travelling: list[Trip]
    debriefs_due: list[Trip]
    groups: list[StatusGroup]

    @property
    def owes_nothing(self) -> bool:
        return not (self.drafts or self.travelling or self.debriefs_due)


def own_trips(user: AnyUser, today: datetime.date) -> list[Trip]:
    trips = _trips(user).filter(traveller_id=user.pk).order_by("starts_on", "id")
    return list(_with_overdue(_with_last_checkin(trips, user), today))


def group_by_status(trips: list[Trip]) -> list[StatusGroup]:
    groups = [
        StatusGroup(status, [t for t in trips if t.status == status]) for status in MY_TRIPS_ORDER
    ]
    return [group for group in groups if group.trips]


def traveller_home(user: AnyUser, today: datetime.date) -> TravellerHome:
    trips = own_trips(user, today)
    return TravellerHome(
        drafts=[trip for trip in trips if trip.status == S.DRAFT],
        travelling=[trip for trip in trips if trip.status == S.IN_PROGRESS],
        debriefs_due=[trip for trip in trips if trip.status == S.RETURNED],
        groups=group_by_status(trips),
    )


# Security officer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerHome:
    attention: list[Escalation]
    review_queue: list[Trip]
    abroad: list[Trip]
    debriefs_to_review: list[Trip]
    overdue_debriefs: list[Trip]
    late_reports: list[Trip]


def review_queue(user: AnyUser) -> list[Trip]:
    return list(_trips(user).filter(status=S.SUBMITTED).order_by("starts_on", "id"))


def abroad_now(user: AnyUser) -> list[Trip]:
    """Travellers abroad, the unreachable first: their silence has lasted two intervals."""
    silent = Escalation.objects.open().filter(trip=OuterRef("pk"), kind=EscalationKind.UNREACHABLE)
    trips = (
        _trips(user)
        .select_related("organisation")
        .filter(status=S.IN_PROGRESS)
        .annotate(unreachable=Exists(silent))
    )
    return list(_with_last_checkin(trips, user).order_by("-unreachable", "ends_on", "id"))


ATTENTION_SIZE = 100


def needs_attention(user: AnyUser) -> list[Escalation]:
    """Open escalations, urgent first, then the oldest: what someone must act on now."""
    escalations = (
        Escalation.objects.visible_to(user)
        .open()
        .select_related("trip__traveller", "trip__organisation")
        .order_by("-urgent", "opened_at", "id")
    )
    return list(escalations[:ATTENTION_SIZE])


def debriefs_to_review(user: AnyUser) -> list[Trip]:
    trips = _trips(user).select_related("debrief").filter(status=S.DEBRIEFED)
    return list(trips.order_by("debrief__submitted_at", "id"))


def overdue_debriefs(user: AnyUser, today: datetime.date) -> list[Trip]:
    trips = _trips(user).filter(status=S.RETURNED, debrief_due__lt=today)
    return list(trips.order_by("debrief_due", "id"))


def late_reports(user: AnyUser) -> list[Trip]:
    trips = _trips(user).filter(late_report=True, status__in=[S.SUBMITTED, S.IN_PROGRESS])
    return list(trips.order_by("follow_up_due", "starts_on", "id"))


def officer_home(user: AnyUser, today: datetime.date) -> OfficerHome:
    return OfficerHome(
        attention=needs_attention(user),
        review_queue=review_queue(user),
        abroad=abroad_now(user),
        debriefs_to_review=debriefs_to_review(user),
        overdue_debriefs=overdue_debriefs(user, today),
        late_reports=late_reports(user),
    )


# Oversight ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationCounts:
    organisation: Organisation
    submitted: int
    in_progress: int
    overdue_debriefs: int


@dataclass(frozen=True)
class OversightHome:
    attention: list[Escalation]
    organisations: list[OrganisationCounts]
    awaiting_oversight: list[Trip]
    abroad: list[Trip]


def organisation_counts(user: AnyUser, today: datetime.date) -> list[OrganisationCounts]:
    rows = (
        Trip.objects.visible_to(user)
        .order_by()  # the default ordering would otherwise join the GROUP BY
        .values("organisation_id")
        .annotate(
            submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
            in_progress=Count("pk", filter=Q(status=S.IN_PROGRESS)),
            overdue=Count("pk", filter=Q(status=S.RETURNED, debrief_due__lt=today)),
        )
    )
    by_org: dict[int, dict[str, Any]] = {row["organisation_id"]: row for row in rows}
    empty = {"submitted": 0, "in_progress": 0, "overdue": 0}
    return [
        OrganisationCounts(
            organisation=org,
            submitted=by_org.get(org.pk, empty)["submitted"],
            in_progress=by_org.get(org.pk, empty)["in_progress"],
            overdue_debriefs=by_org.get(org.pk, empty)["overdue"],
        )
        for org in visible_organisations(user)
    ]


def awaiting_step(user: AnyUser, step: str) -> list[Trip]:
    """Submitted trips whose chain has reached `step`: it is pending, no earlier step is."""
    pending = Review.objects.filter(decision=ReviewDecision.PENDING)
    earlier = pending.filter(
        trip=OuterRef("trip"), round=OuterRef("round"), position__lt=OuterRef("position")
    )
    current = pending.filter(trip=OuterRef("pk"), round=OuterRef("review_round"), step=step)
    trips = _trips(user).select_related("organisation").filter(status=S.SUBMITTED)
    return list(trips.filter(Exists(current.exclude(Exists(earlier)))).order_by("starts_on", "id"))


def oversight_home(user: AnyUser, today: datetime.date) -> OversightHome:
    return OversightHome(
        attention=needs_attention(user),
        organisations=organisation_counts(user, today),
        awaiting_oversight=awaiting_step(user, "oversight"),
        abroad=abroad_now(user),
    )


# Auditor --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: TripStatus
    count: int


@dataclass(frozen=True)
class AuditorHome:
    events: list[AuditEvent]
    status_counts: list[StatusCount]


def latest_audit_events(user: AnyUser, limit: int = AUDIT_FEED_SIZE) -> list[AuditEvent]:
    return list(AuditEvent.objects.visible_to(user).order_by("-seq")[:limit])


def trips_by_status(user: AnyUser) -> list[StatusCount]:
    rows = Trip.objects.visible_to(user).order_by().values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    return [StatusCount(status, counts.get(status.value, 0)) for status in TripStatus]


def auditor_home(user: AnyUser, today: datetime.date) -> AuditorHome:
    return AuditorHome(events=latest_audit_events(user), status_counts=trips_by_status(user))


HOME_SELECTORS: dict[Role, Callable[[AnyUser, datetime.date], object]] = {
    Role.TRAVELLER: traveller_home,
    Role.OFFICER: officer_home,
    Role.OVERSIGHT: oversight_home,
    Role.AUDITOR: auditor_home,
}


# One trip -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TripPage:
    trip: Trip
    legs: list[Leg]
    meetings: list[PlannedMeeting]
    reviews: list[Review]
    checkins: list[CheckIn]
    # None when the viewer may not read the audit log (travellers, officers).
    timeline: list[AuditEvent] | None
    story: list[AuditEvent]


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
        timeline=trip_timeline(user, trip),
        story=trip_story(trip),
    )


# Inbox ----------------------------------------------------------------------------------------


def inbox(user: AnyUser, limit: int = INBOX_SIZE) -> list[Notification]:
    notifications = Notification.objects.visible_to(user).inbox()
    return list(notifications.order_by("-created_at", "-id")[:limit])
