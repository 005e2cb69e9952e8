"""The watch list: who is abroad and whether they answer, what is open, what is owed. Each
section pages on its own, at two queries per section (plus the prefetched legs)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)

from sojourn.care.escalations import LATE
from sojourn.care.models import CheckIn, Escalation, EscalationKind
from sojourn.console.selectors.common import (
    PAGE_SIZE,
    TripLine,
    destinations,
    paginate,
    rows_of,
)
from sojourn.people.access import AnyUser
from sojourn.people.today import by_local_date
from sojourn.trips.models import Trip, TripStatus

S = TripStatus
# The query parameter that pages each section, so one section moves without the others.
PAGE_PARAMS = {
    "abroad": "abroad_page",
    "escalations": "alerts_page",
    "debriefs": "debriefs_page",
    "late": "late_page",
}


@dataclass(frozen=True)
class AbroadLine:
    trip: Trip
    destinations: list[str]
    unreachable: bool
    last_checkin: datetime.datetime | None
    checkin_overdue: bool


@dataclass(frozen=True)
class WatchList:
    abroad: list[AbroadLine]
    abroad_page: Page[Trip]
    escalations: Page[Escalation]
    debriefs: list[TripLine]
    debriefs_page: Page[Trip]
    late: list[TripLine]
    late_page: Page[Trip]


def _trips(user: AnyUser) -> QuerySet[Trip]:
    return (
        Trip.objects.visible_to(user)
        .select_related("traveller", "organisation")
        .prefetch_related("legs")
    )


def abroad(user: AnyUser) -> QuerySet[Trip]:
    """Travellers abroad now: the unreachable first, then the check-in falling due soonest."""
    silent = Escalation.objects.open().filter(trip=OuterRef("pk"), kind=EscalationKind.UNREACHABLE)
    latest = CheckIn.objects.visible_to(user).filter(trip=OuterRef("pk")).order_by("-at")
    return (
        _trips(user)
        .filter(status=S.IN_PROGRESS)
        .annotate(unreachable=Exists(silent), last_checkin=Subquery(latest.values("at")[:1]))
        .order_by("-unreachable", "checkin_due_at", "ends_on", "id")
    )


def abroad_page(user: AnyUser, number: str | None) -> Page[Trip]:
    """A page of `abroad(user)` read from indexes, however many travel: the unreachable are
    few and come first; the others follow in the order of the index trip_abroad_idx (status,
    check-in due, return, id), their page's ids read from where the page starts (rows_of)
    instead of sorting everyone abroad with an EXISTS each. Five queries: the count of everyone
    abroad and of the unreachable, the page's unreachable, the page's others, their legs."""
    silent = Escalation.objects.open().filter(kind=EscalationKind.UNREACHABLE).values("trip_id")
    latest = CheckIn.objects.visible_to(user).filter(trip=OuterRef("pk")).order_by("-at")
    everyone = (
        Trip.objects.visible_to(user)
        .select_related("traveller", "organisation")
        .filter(status=S.IN_PROGRESS)
        .annotate(last_checkin=Subquery(latest.values("at")[:1]))
        .order_by("checkin_due_at", "ends_on", "id")
    )
    paginator: Paginator[Trip] = Paginator(everyone, PAGE_SIZE)
    page = paginator.get_page(number)  # counts everyone abroad; its rows are not read
    start = (page.number - 1) * PAGE_SIZE
    silent_ones = everyone.filter(pk__in=silent)
    before = silent_ones.count()
    rows = rows_of(silent_ones.annotate(unreachable=Value(True)), start, start + PAGE_SIZE)
    offset = max(0, start - before)
    rows += rows_of(
        everyone.exclude(pk__in=silent).annotate(unreachable=Value(False)),
        offset,
        offset + PAGE_SIZE - len(rows),
    )
    prefetch_related_objects(rows, "legs")
    return Page(rows, page.number, paginator)


def open_escalations(user: AnyUser) -> QuerySet[Escalation]:
    """What someone must act on, urgent first, then the oldest. A late report has its own
    section (it is closed by a follow-up), so it is not listed twice."""
    return (
        Escalation.objects.visible_to(user)
        .open()
        .exclude(kind__in=LATE)
        .select_related("trip__traveller", "trip__organisation")
        .order_by("-urgent", "opened_at", "id")
    )


def debriefs_owed(user: AnyUser) -> QuerySet[Trip]:
    """Back home, debrief not yet filed (or sent back for more): the earliest due first. The
    debriefs are read for the page's rows alone (a join would read the whole table to page
    deep into the list)."""
    return (
        _trips(user)
        .prefetch_related("debrief")
        .filter(status=S.RETURNED)
        .order_by("debrief_due", "id")
    )


def with_overdue_debriefs(trips: QuerySet[Trip], now: datetime.datetime) -> QuerySet[Trip]:
    """`trips`, each marked `debrief_overdue` when its debrief is due before its own
    organisation's today (oversight watches organisations on different dates)."""
    overdue = by_local_date(now, lambda today: Q(debrief_due__lt=today))
    return trips.annotate(debrief_overdue=ExpressionWrapper(overdue, output_field=BooleanField()))


def late_reports(user: AnyUser) -> QuerySet[Trip]:
    """Trips reported late whose follow-up is still open."""
    open_late = Escalation.objects.open().filter(trip=OuterRef("pk"), kind__in=LATE)
    return _trips(user).filter(Exists(open_late)).order_by("follow_up_due", "starts_on", "id")


def watch_list(
    user: AnyUser,
    *,
    now: datetime.datetime,
    pages: dict[str, str | None],
    language: str,
) -> WatchList:
    abroad_rows: Page[Trip] = abroad_page(user, pages.get("abroad"))
    debriefs_page: Page[Trip] = paginate(
        with_overdue_debriefs(debriefs_owed(user), now), pages.get("debriefs")
    )
    late_page: Page[Trip] = paginate(late_reports(user), pages.get("late"))
    return WatchList(
        abroad=[
            AbroadLine(
                trip=trip,
                destinations=destinations(trip, language),
                unreachable=getattr(trip, "unreachable", False),
                last_checkin=getattr(trip, "last_checkin", None),
                checkin_overdue=trip.checkin_due_at is not None and trip.checkin_due_at < now,
            )
            for trip in abroad_rows
        ],
        abroad_page=abroad_rows,
        escalations=paginate(open_escalations(user), pages.get("escalations")),
        debriefs=[TripLine(trip, destinations(trip, language)) for trip in debriefs_page],
        debriefs_page=debriefs_page,
        late=[TripLine(trip, destinations(trip, language)) for trip in late_page],
        late_page=late_page,
    )
