"""What the oversight pages show. The dashboard's numbers are aggregates the database computes
(GROUP BY, COUNT): Python only lays out the dozen rows that come back as chart geometry. The
lists (policy versions, directives, runs and their changes) fix their joins, so a page costs the
same few queries however many rows it lists."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from sojourn.directives import registry
from sojourn.directives.models import (
    Directive,
    PolicyVersion,
    ReassessmentChange,
    ReassessmentRun,
)
from sojourn.directives.reassess import WhatIfRow
from sojourn.people.access import AnyUser
from sojourn.people.models import Organisation, Person
from sojourn.people.today import by_local_date, today_for
from sojourn.policy import country_name
from sojourn.trips.edges import EDGES
from sojourn.trips.labels import code_label
from sojourn.trips.models import Leg, Trip, TripStatus

S = TripStatus
MONTHS = 12
SEARCH_SIZE = 20
# The states a trip can be cancelled from (`sojourn.trips.services.cancel`).
CANCELLABLE = EDGES["cancel"]


def month_starts(today: datetime.date, count: int = MONTHS) -> list[datetime.date]:
    """The first day of each of the last `count` months, the current one last."""
    index = today.year * 12 + today.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of `day` in the current time zone, the one TruncMonth groups by."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


# Dashboard: the numbers ---------------------------------------------------------------------


@dataclass(frozen=True)
class TierMonth:
    month: datetime.date
    counts: dict[str, int]  # tier -> trips

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def trips_by_month_and_tier(user: AnyUser, today: datetime.date) -> list[TierMonth]:
    """Reported trips (drafts left out) by month of departure and tier, the last 12 months."""
    months = month_starts(today)
    rows = (
        Trip.objects.visible_to(user)
        .exclude(status=S.DRAFT)
        .filter(starts_on__gte=months[0], starts_on__lt=_next_month(months[-1]))
        .order_by()
        .annotate(month=TruncMonth("starts_on"))
        .values("month", "tier")
        .annotate(n=Count("pk"))
    )
    counts: dict[datetime.date, dict[str, int]] = {month: {} for month in months}
    for row in rows:
        counts[_as_date(row["month"])][row["tier"] or ""] = row["n"]
    return [TierMonth(month, counts[month]) for month in months]


@dataclass(frozen=True)
class RateMonth:
    month: datetime.date
    submitted: int
    on_time: int

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def rate(self) -> int | None:
        """Percent reported on time; None for a month without submissions."""
        return round(100 * self.on_time / self.submitted) if self.submitted else None


def on_time_rate_by_month(user: AnyUser, today: datetime.date) -> list[RateMonth]:
    """Trips submitted each month, and how many of them were not reported late."""
    months = month_starts(today)
    end = _next_month(months[-1])
    rows = (
        Trip.objects.visible_to(user)
        .filter(submitted_at__gte=_midnight(months[0]), submitted_at__lt=_midnight(end))
        .order_by()
        .annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(late_report=False)))
    )
    found = {_as_date(row["month"]): (row["n"], row["on_time"]) for row in rows}
    return [RateMonth(month, *found.get(month, (0, 0))) for month in months]


@dataclass(frozen=True)
class NamedCount:
    key: str
    name: str
    count: int


def overdue_debriefs_by_organisation(user: AnyUser, now: datetime.datetime) -> list[NamedCount]:
    """Every organisation with its returned trips whose debrief is past due by its own date,
    most first."""
    past_due = by_local_date(now, lambda today: Q(trips__debrief_due__lt=today), organisation="")
    overdue = Q(trips__status=S.RETURNED) & past_due
    rows = (
        Organisation.objects.visible_to(user)
        .annotate(n=Count("trips", filter=overdue))
        .order_by("-n", "name")
        .values("slug", "name", "n")
    )
    return [NamedCount(row["slug"], row["name"], row["n"]) for row in rows]


@dataclass(frozen=True)
class Abroad:
    countries: list[NamedCount]
    travellers: int
    """Distinct travellers on a trip in progress."""
    located: int
    """Of them, those on a leg that covers today (the others are between legs or overstaying)."""

    @property
    def elsewhere(self) -> int:
        return self.travellers - self.located


def abroad_by_country(user: AnyUser, today: datetime.date, language: str) -> Abroad:
    """Travellers abroad now, by the country of the leg they are on today."""
    trips = Trip.objects.visible_to(user).filter(status=S.IN_PROGRESS)
    legs = Leg.objects.filter(trip__in=trips, starts_on__lte=today, ends_on__gte=today)
    rows = legs.order_by().values("country").annotate(n=Count("trip__traveller", distinct=True))
    countries = sorted(
        (
            NamedCount(row["country"], country_name(row["country"], language), row["n"])
            for row in rows
        ),
        key=lambda row: (-row.count, row.name),
    )
    travellers = trips.order_by().aggregate(n=Count("traveller", distinct=True))["n"]
    located = legs.order_by().aggregate(n=Count("trip__traveller", distinct=True))["n"]
    return Abroad(countries, travellers, located)


# Dashboard: the charts ----------------------------------------------------------------------
# Geometry in the units of each SVG's viewBox (640 wide); the SVG scales to its container.

WIDTH = 480
PATTERNS = 6  # hatchings the template defines; further tiers reuse them, with their own labels


@dataclass(frozen=True)
class Tick:
    value: int
    label: str
    at: float  # y on a vertical axis, x on a horizontal one


@dataclass(frozen=True)
class Frame:
    """The plot area inside the SVG, and where the axis texts go."""

    height: int
    top: float
    bottom: float
    left: float
    right: float
    ticks: list[Tick]

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def mid_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def tick_label_x(self) -> float:
        return self.left - 6

    @property
    def month_y(self) -> float:
        return self.bottom + 16

    @property
    def year_y(self) -> float:
        return self.bottom + 30

    @property
    def x_title_y(self) -> float:
        return self.height - 4


def _nice_step(largest: int, intervals: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) so that `intervals` steps reach `largest`."""
    raw = max(largest, 1) / intervals
    power = 10 ** math.floor(math.log10(raw))
    step: float = next(f * power for f in (1, 2, 5, 10) if f * power >= raw)
    return max(1, math.ceil(step))


def _ticks(top: int, step: int, start: float, end: float, suffix: str = "") -> list[Tick]:
    """Ticks from 0 to `top`, 0 placed at `start` and `top` at `end`."""
    return [
        Tick(value, f"{value}{suffix}", start + (end - start) * value / top)
        for value in range(0, top + 1, step)
    ]


@dataclass(frozen=True)
class MonthSlot:
    month: datetime.date
    x: float  # left edge of the bar
    width: float
    centre: float
    show_year: bool


def _month_slots(months: Sequence[datetime.date], left: float, right: float) -> list[MonthSlot]:
    slot = (right - left) / len(months)
    width = slot * 0.64
    return [
        MonthSlot(
            month=month,
            x=left + i * slot + (slot - width) / 2,
            width=width,
            centre=left + i * slot + slot / 2,
            show_year=i == 0 or month.month == 1,
        )
        for i, month in enumerate(months)
    ]


@dataclass(frozen=True)
class Series:
    index: int  # which hatching draws it
    key: str
    label: str
    total: int


@dataclass(frozen=True)
class Segment:
    series: Series
    count: int
    y: float
    height: float

    @property
    def label_y(self) -> float:
        return self.y + self.height / 2 + 4

    @property
    def fits_label(self) -> bool:
        """Tall enough to carry its number inside."""
        return self.height >= 16


@dataclass(frozen=True)
class StackedBar:
    slot: MonthSlot
    row: TierMonth
    segments: list[Segment]
    top: float
    cells: list[int]  # the month's count for each series, in the legend's order

    @property
    def total_y(self) -> float:
        return self.top - 6


@dataclass(frozen=True)
class StackedChart(Frame):
    bars: list[StackedBar]
    series: list[Series]

    @property
    def empty(self) -> bool:
        return not self.series


def stacked_chart(rows: Sequence[TierMonth]) -> StackedChart:
    top, bottom, left, right = 28.0, 244.0, 52.0, WIDTH - 12.0
    totals: dict[str, int] = {}
    for row in rows:
        for tier, n in row.counts.items():
            totals[tier] = totals.get(tier, 0) + n
    ordered = sorted(totals, key=lambda tier: (-totals[tier], tier == "", tier))
    series = {
        tier: Series(i % PATTERNS, tier, tier or _("no tier"), totals[tier])
        for i, tier in enumerate(ordered)
    }
    step = _nice_step(max((row.total for row in rows), default=0), 4)
    scale = (bottom - top) / (4 * step)
    bars = []
    for slot, row in zip(_month_slots([r.month for r in rows], left, right), rows, strict=True):
        y = bottom
        segments = []
        for tier in ordered:
            count = row.counts.get(tier, 0)
            if count:
                y -= count * scale
                segments.append(Segment(series[tier], count, y, count * scale))
        cells = [row.counts.get(tier, 0) for tier in ordered]
        bars.append(StackedBar(slot, row, segments, y, cells))
    ticks = _ticks(4 * step, step, bottom, top)
    return StackedChart(300, top, bottom, left, right, ticks, bars, list(series.values()))


@dataclass(frozen=True)
class RatePoint:
    slot: MonthSlot
    row: RateMonth
    y: float | None  # None: nothing was submitted that month

    @property
    def label_y(self) -> float:
        return (self.y or 0) - 10


@dataclass(frozen=True)
class LineChart(Frame):
    points: list[RatePoint]
    lines: list[str]  # polyline point lists, broken at a month without data

    @property
    def empty(self) -> bool:
        return all(point.y is None for point in self.points)

    @property
    def no_data_y(self) -> float:
        return self.bottom - 6


def rate_chart(rows: Sequence[RateMonth]) -> LineChart:
    top, bottom, left, right = 28.0, 224.0, 52.0, WIDTH - 12.0
    points = []
    for slot, row in zip(_month_slots([r.month for r in rows], left, right), rows, strict=True):
        y = None if row.rate is None else bottom - (bottom - top) * row.rate / 100
        points.append(RatePoint(slot, row, y))
    lines: list[str] = []
    run: list[str] = []
    for point in [*points, None]:
        if point is not None and point.y is not None:
            run.append(f"{point.slot.centre:.1f},{point.y:.1f}")
            continue
        if len(run) > 1:
            lines.append(" ".join(run))
        run = []
    ticks = _ticks(100, 25, bottom, top, "%")
    return LineChart(280, top, bottom, left, right, ticks, points, lines)


@dataclass(frozen=True)
class HBar:
    item: NamedCount
    y: float  # top of the row: the name sits on it, the bar below
    x: float
    width: float

    @property
    def name_y(self) -> float:
        return self.y + 13

    @property
    def bar_y(self) -> float:
        return self.y + 18

    @property
    def value_x(self) -> float:
        return self.x + self.width + 6

    @property
    def value_y(self) -> float:
        return self.y + 30


@dataclass(frozen=True)
class HBarChart(Frame):
    bars: list[HBar]
    hidden: int  # items left out of the chart (zero, or beyond the limit); the table has them

    @property
    def empty(self) -> bool:
        return not self.bars

    @property
    def tick_label_y(self) -> float:
        return self.bottom + 16

    @property
    def category_title_y(self) -> float:
        return self.top - 8


def hbar_chart(items: Sequence[NamedCount], limit: int = 15) -> HBarChart:
    """Horizontal bars, each named directly above itself, for the first non-zero items."""
    non_zero = [item for item in items if item.count > 0]
    shown = non_zero[:limit]
    row_height, top, left, right = 40, 24.0, 8.0, WIDTH - 48.0
    bottom = top + row_height * len(shown)
    step = _nice_step(max((item.count for item in shown), default=0), 4)
    scale = (right - left) / (4 * step)
    bars = [
        HBar(item, top + i * row_height, left, item.count * scale) for i, item in enumerate(shown)
    ]
    ticks = _ticks(4 * step, step, left, right)
    return HBarChart(
        int(bottom) + 46, top, bottom, left, right, ticks, bars, len(items) - len(shown)
    )


@dataclass(frozen=True)
class Dashboard:
    today: datetime.date
    tiers: StackedChart
    rates: LineChart
    overdue: list[NamedCount]
    overdue_chart: HBarChart
    abroad: Abroad
    abroad_chart: HBarChart


def dashboard(user: AnyUser, now: datetime.datetime, language: str) -> Dashboard:
    today = today_for(user, now)
    overdue = overdue_debriefs_by_organisation(user, now)
    abroad = abroad_by_country(user, today, language)
    return Dashboard(
        today=today,
        tiers=stacked_chart(trips_by_month_and_tier(user, today)),
        rates=rate_chart(on_time_rate_by_month(user, today)),
        overdue=overdue,
        overdue_chart=hbar_chart(overdue),
        abroad=abroad,
        abroad_chart=hbar_chart(abroad.countries),
    )


# Policies -----------------------------------------------------------------------------------


def organisations_by_pack() -> dict[str, list[str]]:
    """Which organisations follow each pack (a blank choice follows the deployment default)."""
    following: dict[str, list[str]] = {}
    for pack_id, name in Organisation.objects.order_by("name").values_list("policy_pack", "name"):
        following.setdefault(pack_id or settings.SOJOURN_DEFAULT_POLICY, []).append(name)
    return following


def policy_versions(now: datetime.datetime) -> QuerySet[PolicyVersion]:
    """Every version, newest first within its pack, marked with the one in force now."""
    in_force = PolicyVersion.objects.filter(
        pack_id=OuterRef("pack_id"), effective_from__lte=now
    ).order_by("-version")
    return (
        PolicyVersion.objects.select_related("issued_by")
        .annotate(in_force_pk=Subquery(in_force.values("pk")[:1]))
        .order_by("pack_id", "-version")
    )


def tier_names(now: datetime.datetime) -> list[str]:
    """The tiers of the packs organisations follow, to suggest in the advisory form."""
    names: set[str] = set()
    for pack_id in organisations_by_pack():
        try:
            pack = registry.pack_of(registry.current_version(pack_id, now))
        except LookupError:  # an organisation names a pack nobody issued: nothing to suggest
            continue
        names.update(tier.name for tier in pack.tiers)
    return sorted(names)


def latest_version(pack_id: str) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(pack_id=pack_id).order_by("-version").first()


@dataclass(frozen=True)
class WhatIfLine:
    """A row of the what-if, with its approval chains in words."""

    row: WhatIfRow
    old_chain: str
    new_chain: str


def chain_in_words(steps: Sequence[str]) -> str:
    return " → ".join(code_label(step, "step") for step in steps)


def whatif_lines(rows: Sequence[WhatIfRow]) -> list[WhatIfLine]:
    return [
        WhatIfLine(row, chain_in_words(row.old_approvals), chain_in_words(row.new_approvals))
        for row in rows
    ]


# Directives and runs ------------------------------------------------------------------------


def directives(user: AnyUser) -> QuerySet[Directive]:
    runs = ReassessmentRun.objects.order_by("-created_at", "-id")
    return (
        Directive.objects.visible_to(user)
        .select_related("issued_by", "policy_version", "trip", "person")
        .prefetch_related(Prefetch("runs", queryset=runs))
        .order_by("-issued_at", "-id")
    )


def run_changes(run: ReassessmentRun) -> QuerySet[ReassessmentChange]:
    return (
        ReassessmentChange.objects.filter(run=run)
        .select_related("trip__traveller", "trip__organisation")
        .order_by("trip_id")
    )


def open_trips(user: AnyUser, query: str, limit: int = SEARCH_SIZE) -> list[Trip]:
    """Trips an instruction can still cancel, matching a number, title, traveller or
    organisation; the soonest departures first."""
    trips = (
        Trip.objects.visible_to(user)
        .filter(status__in=CANCELLABLE)
        .select_related("traveller", "organisation")
        .prefetch_related("legs")
    )
    query = query.strip()
    if query:
        match = (
            Q(title__icontains=query)
            | Q(traveller__username__icontains=query)
            | Q(traveller__first_name__icontains=query)
            | Q(traveller__last_name__icontains=query)
            | Q(organisation__name__icontains=query)
        )
        if query.isdecimal():  # "²" is a digit int() refuses
            match |= Q(pk=int(query))
        trips = trips.filter(match)
    return list(trips.order_by("starts_on", "id")[:limit])


def people(user: AnyUser, query: str, limit: int = SEARCH_SIZE) -> list[Person]:
    """People whose travel can be held, matching a username or name."""
    found = Person.objects.visible_to(user).select_related("user", "organisation")
    query = query.strip()
    if query:
        found = found.filter(
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
        )
    return list(found.order_by("organisation__name", "user__username")[:limit])
