"""What each role's home page shows. Every list is read through a `visible_to` scoping function,
with its joins and prefetches fixed, so a page costs the same few queries however many rows it
lists."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import RowNumber

from sojourn.audit.models import AuditEvent
from sojourn.care.models import CheckIn, Escalation, EscalationKind
from sojourn.people.access import AnyUser, visible_organisations
from sojourn.people.models import Organisation, Role
from sojourn.people.today import by_local_date, today_for
from sojourn.trips.models import Review, ReviewDecision, Trip, TripStatus

S = TripStatus
T = TypeVar("T")
HOME_ROWS = 25
"""A home page shows the first rows of each list and says when there are more: the console's
pages list them all, a page at a time. No list on a home page grows with the organisation."""
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


@dataclass(frozen=True)
class Shown(Generic[T]):
    """The first rows of a list and whether more follow (one query, no count)."""

    rows: list[T]
    more: bool

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def first_rows(items: QuerySet[Any, T]) -> Shown[T]:
    rows = list(items[: HOME_ROWS + 1])
    return Shown(rows[:HOME_ROWS], more=len(rows) > HOME_ROWS)


# Traveller ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusGroup:
    status: TripStatus
    trips: list[Trip]
    count: int
    """All the traveller's trips in this status; `trips` holds the HOME_ROWS most recent."""

    @property
    def more(self) -> bool:
        return self.count > len(self.trips)


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
    """The HOME_ROWS most recent of the traveller's trips in each status, soonest first: a
    traveller of many years has hundreds of closed trips, which the page does not list."""
    recent = Window(
        RowNumber(),
        partition_by=[F("status")],
        order_by=[F("starts_on").desc(nulls_first=True), F("id").desc()],
    )
    trips = (
        _trips(user)
        .filter(traveller_id=user.pk)
        .annotate(recent=recent)
        .filter(recent__lte=HOME_ROWS)
        .order_by("starts_on", "id")
    )
    return list(_with_overdue(_with_last_checkin(trips, user), today))


def group_by_status(trips: list[Trip], counts: dict[str, int]) -> list[StatusGroup]:
    groups = [
        StatusGroup(status, [t for t in trips if t.status == status], counts.get(status, 0))
        for status in MY_TRIPS_ORDER
    ]
    return [group for group in groups if group.trips]


def own_counts(user: AnyUser) -> dict[str, int]:
    """How many trips the traveller has in each status, counted by the database."""
    rows = (
        Trip.objects.visible_to(user)
        .filter(traveller_id=user.pk)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def traveller_home(user: AnyUser, now: datetime.datetime) -> TravellerHome:
    trips = own_trips(user, today_for(user, now))
    return TravellerHome(
        drafts=[trip for trip in trips if trip.status == S.DRAFT],
        travelling=[trip for trip in trips if trip.status == S.IN_PROGRESS],
        debriefs_due=[trip for trip in trips if trip.status == S.RETURNED],
        groups=group_by_status(trips, own_counts(user)),
    )


# Security officer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerHome:
    attention: Shown[Escalation]
    review_queue: Shown[Trip]
    abroad: Shown[Trip]
    debriefs_to_review: Shown[Trip]
    overdue_debriefs: Shown[Trip]
    late_reports: Shown[Trip]


def review_queue(user: AnyUser) -> Shown[Trip]:
    return first_rows(_trips(user).filter(status=S.SUBMITTED).order_by("starts_on", "id"))


def abroad_now(user: AnyUser) -> Shown[Trip]:
    """Travellers abroad, the unreachable first (their silence has lasted two intervals), then
    the check-in falling due soonest. Read from indexes as the watch list reads them: the few
    unreachable, then the others in the order of trip_abroad_idx (status, check-in due, return,
    id); sorting everyone abroad by an EXISTS each grows with the number abroad."""
    silent = Escalation.objects.open().filter(trip=OuterRef("pk"), kind=EscalationKind.UNREACHABLE)
    everyone = _with_last_checkin(
        Trip.objects.visible_to(user)
        .select_related("traveller", "organisation")
        .filter(status=S.IN_PROGRESS)
        .order_by("checkin_due_at", "ends_on", "id"),
        user,
    )
    wanted = HOME_ROWS + 1
    rows: list[Trip] = list(
        everyone.filter(Exists(silent)).annotate(unreachable=Value(True))[:wanted]
    )
    rows += everyone.exclude(Exists(silent)).annotate(unreachable=Value(False))[
        : max(0, wanted - len(rows))
    ]
    prefetch_related_objects(rows, "legs")
    return Shown(rows[:HOME_ROWS], more=len(rows) > HOME_ROWS)


def needs_attention(user: AnyUser) -> Shown[Escalation]:
    """Open escalations, urgent first, then the oldest: what someone must act on now."""
    escalations = (
        Escalation.objects.visible_to(user)
        .open()
        .select_related("trip__traveller", "trip__organisation")
        .order_by("-urgent", "opened_at", "id")
    )
    return first_rows(escalations)


def debriefs_to_review(user: AnyUser) -> Shown[Trip]:
    trips = _trips(user).select_related("debrief").filter(status=S.DEBRIEFED)
    return first_rows(trips.order_by("debrief__submitted_at", "id"))


def overdue_debriefs(user: AnyUser, today: datetime.date) -> Shown[Trip]:
    trips = _trips(user).filter(status=S.RETURNED, debrief_due__lt=today)
    return first_rows(trips.order_by("debrief_due", "id"))


def late_reports(user: AnyUser) -> Shown[Trip]:
    trips = _trips(user).filter(late_report=True, status__in=[S.SUBMITTED, S.IN_PROGRESS])
    return first_rows(trips.order_by("follow_up_due", "starts_on", "id"))


def officer_home(user: AnyUser, now: datetime.datetime) -> OfficerHome:
    today = today_for(user, now)
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
    attention: Shown[Escalation]
    organisations: list[OrganisationCounts]
    awaiting_oversight: Shown[Trip]
    abroad: Shown[Trip]


def organisation_counts(user: AnyUser, now: datetime.datetime) -> list[OrganisationCounts]:
    """Each organisation's counts; a debrief is overdue by its own organisation's date."""
    overdue = by_local_date(now, lambda today: Q(status=S.RETURNED, debrief_due__lt=today))
    # Only the trips of the statuses counted: an indexed handful, not every trip ever made.
    rows = (
        Trip.objects.visible_to(user)
        .filter(status__in=[S.SUBMITTED, S.IN_PROGRESS, S.RETURNED])
        .order_by()  # the default ordering would otherwise join the GROUP BY
        .values("organisation_id")
        .annotate(
            submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
            in_progress=Count("pk", filter=Q(status=S.IN_PROGRESS)),
            overdue=Count("pk", filter=overdue),
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


def awaiting_step(user: AnyUser, step: str) -> Shown[Trip]:
    """Submitted trips whose chain has reached `step`: it is pending, no earlier step is."""
    pending = Review.objects.filter(decision=ReviewDecision.PENDING)
    earlier = pending.filter(
        trip=OuterRef("trip"), round=OuterRef("round"), position__lt=OuterRef("position")
    )
    current = pending.filter(trip=OuterRef("pk"), round=OuterRef("review_round"), step=step)
    trips = _trips(user).select_related("organisation").filter(status=S.SUBMITTED)
    return first_rows(
        trips.filter(Exists(current.exclude(Exists(earlier)))).order_by("starts_on", "id")
    )


def oversight_home(user: AnyUser, now: datetime.datetime) -> OversightHome:
    return OversightHome(
        attention=needs_attention(user),
        organisations=organisation_counts(user, now),
        awaiting_oversight=awaiting_step(user, "oversight"),
        abroad=abroad_now(user),
    )


# Auditor --------------------------------------------------------------------------------------


COUNTED_UP_TO = 2_000
"""A status holding more trips than this shows as "2000+": counting every trip ever closed
on each visit would read the whole history; a capped count reads at most this many index
entries per status."""


@dataclass(frozen=True)
class StatusCount:
    status: TripStatus
    count: int
    more: bool = False
    """True when there are more than `count` (the cap)."""


@dataclass(frozen=True)
class AuditorHome:
    events: list[AuditEvent]
    status_counts: list[StatusCount]


def latest_audit_events(user: AnyUser, limit: int = AUDIT_FEED_SIZE) -> list[AuditEvent]:
    return list(AuditEvent.objects.visible_to(user).order_by("-seq")[:limit])


def trips_by_status(user: AnyUser) -> list[StatusCount]:
    """One capped count per status (a query each, on the status index: ten, however many)."""
    trips = Trip.objects.visible_to(user).order_by()
    counts = []
    for status in TripStatus:
        found = trips.filter(status=status)[: COUNTED_UP_TO + 1].count()
        counts.append(StatusCount(status, min(found, COUNTED_UP_TO), found > COUNTED_UP_TO))
    return counts


def auditor_home(user: AnyUser, now: datetime.datetime) -> AuditorHome:
    return AuditorHome(events=latest_audit_events(user), status_counts=trips_by_status(user))


# Each is given the moment of the request: a reader's own trips are dated by their organisation,
# oversight's counts each organisation's by its own date.
HOME_SELECTORS: dict[Role, Callable[[AnyUser, datetime.datetime], object]] = {
    Role.TRAVELLER: traveller_home,
    Role.OFFICER: officer_home,
    Role.OVERSIGHT: oversight_home,
    Role.AUDITOR: auditor_home,
}
