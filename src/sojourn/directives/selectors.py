"""What the oversight pages show. The dashboard's numbers are aggregates the database computes
(GROUP BY, COUNT): Python only lays out the dozen rows that come back as chart geometry
(`directives.charts`). The
lists (policy versions, directives, runs and their changes) fix their joins, so a page costs the
same few queries however many rows it lists."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from sojourn.directives import registry
from sojourn.directives.charts import (
    HBarChart,
    LineChart,
    NamedCount,
    RateMonth,
    StackedChart,
    TierMonth,
    hbar_chart,
    rate_chart,
    stacked_chart,
)
from sojourn.directives.models import (
    Directive,
    PolicyVersion,
    ReassessmentChange,
    ReassessmentRun,
)
from sojourn.directives.whatif import WhatIfRow
from sojourn.people.access import AnyUser
from sojourn.people.models import Organisation, Person
from sojourn.people.today import LocalDates, by_local_date, local_dates, today_for
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


def overdue_debriefs_by_organisation(
    user: AnyUser, now: datetime.datetime, dates: LocalDates | None = None
) -> list[NamedCount]:
    """Every organisation with its returned trips whose debrief is past due by its own date,
    most first."""
    past_due = by_local_date(
        now, lambda today: Q(trips__debrief_due__lt=today), organisation="", dates=dates
    )
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


def abroad_by_country(
    user: AnyUser, now: datetime.datetime, language: str, dates: LocalDates | None = None
) -> Abroad:
    """Travellers abroad now, by the country of the leg they are on today: each trip's
    organisation's today, for the organisations oversight watches are on different dates."""
    trips = Trip.objects.visible_to(user).filter(status=S.IN_PROGRESS)
    on_leg = by_local_date(
        now,
        lambda today: Q(starts_on__lte=today, ends_on__gte=today),
        organisation="trip__organisation",
        dates=dates,
    )
    legs = Leg.objects.filter(on_leg, trip__in=trips)
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
    dates = local_dates(now)  # read once for both per-organisation counts
    overdue = overdue_debriefs_by_organisation(user, now, dates)
    abroad = abroad_by_country(user, now, language, dates)
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
