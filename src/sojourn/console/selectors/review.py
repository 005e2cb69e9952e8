"""What the review pages show: the queue of trips awaiting the viewer's decision, and everything
needed to decide one. Every read goes through a `visible_to` scoping function, with its joins and
prefetches fixed, so a page costs the same few queries however many rows it lists."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.paginator import Page
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sojourn.care.compliance import Compliance, compliance
from sojourn.console.selectors.common import (
    TripLine,
    destinations,
    paginate,
    trip_lines,
)
from sojourn.people.access import AnyUser, display_name, role_of
from sojourn.people.models import Person
from sojourn.policy import country_name
from sojourn.trips.edges import EDGES
from sojourn.trips.labels import code_label
from sojourn.trips.models import Leg, PlannedMeeting, Review, ReviewDecision, Trip, TripStatus
from sojourn.trips.permissions import STEP_DECIDERS, may_decide_step
from sojourn.trips.wording import finding_message

S = TripStatus
RECENT_TRIPS = 8
# A chain is decided while the trip waits for departure, and again while it is under way when a
# directive or a deviation reopened it.
DECIDABLE_STATES = EDGES["decide"]


# The review queue ------------------------------------------------------------------------------


def decidable_steps(user: AnyUser) -> list[str]:
    role = role_of(user)
    return [step for step, decider in STEP_DECIDERS.items() if role is not None and decider == role]


def awaiting_decision(user: AnyUser) -> QuerySet[Trip]:
    """Trips whose current step, the first pending one of their round, is one the viewer decides."""
    steps = decidable_steps(user)
    if not steps:
        return Trip.objects.none()
    pending = Review.objects.filter(decision=ReviewDecision.PENDING)
    earlier = pending.filter(
        trip=OuterRef("trip"), round=OuterRef("round"), position__lt=OuterRef("position")
    )
    current = pending.filter(
        trip=OuterRef("pk"), round=OuterRef("review_round"), step__in=steps
    ).exclude(Exists(earlier))
    return Trip.objects.visible_to(user).filter(status__in=DECIDABLE_STATES).filter(Exists(current))


@dataclass(frozen=True)
class QueueKey:
    """What the queue filters and counts on, for one trip; the rows themselves load per page."""

    pk: int
    tier: str
    route: str
    traveller_id: int
    traveller_name: str
    codes: frozenset[str]


ANY_FINDING = "any"
NO_FINDING = "none"


@dataclass(frozen=True)
class QueueFilters:
    tier: str = ""
    route: str = ""
    finding: str = ""  # ANY_FINDING, NO_FINDING or a finding code
    traveller_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.tier or self.route or self.finding or self.traveller_id is not None)

    def admits(self, key: QueueKey, *, ignoring: str = "") -> bool:
        """Whether the trip passes every filter but `ignoring` (a facet counts without itself)."""
        return (
            (ignoring == "tier" or not self.tier or key.tier == self.tier)
            and (ignoring == "route" or not self.route or key.route == self.route)
            and (ignoring == "finding" or _has_finding(key, self.finding))
            and (
                ignoring == "traveller_id"
                or self.traveller_id is None
                or key.traveller_id == self.traveller_id
            )
        )


def _has_finding(key: QueueKey, finding: str) -> bool:
    if not finding:
        return True
    if finding == ANY_FINDING:
        return bool(key.codes)
    if finding == NO_FINDING:
        return not key.codes
    return finding in key.codes


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class QueueRow:
    trip: Trip
    destinations: list[str]
    findings: list[dict[str, Any]]


@dataclass(frozen=True)
class Queue:
    rows: list[QueueRow]
    page: Page[int]
    total: int
    matching: int
    filters: QueueFilters
    tiers: list[FacetOption]
    routes: list[FacetOption]
    findings: list[FacetOption]
    travellers: list[FacetOption]


def queue_keys(user: AnyUser) -> list[QueueKey]:
    """The whole queue in its order, departure first then the riskiest: one query, no rows.

    A finding code lives in the assessment snapshot (JSON), which not every database can search,
    so the filters and counts run here over the keys; a queue holds what awaits one person's
    decision, which stays small."""
    rows = (
        awaiting_decision(user)
        .order_by(F("starts_on").asc(nulls_last=True), F("risk_score").desc(nulls_last=True), "id")
        .values_list(
            "pk",
            "tier",
            "route",
            "traveller_id",
            "traveller__first_name",
            "traveller__last_name",
            "traveller__username",
            "assessment",
        )
    )
    return [
        QueueKey(
            pk=pk,
            tier=tier,
            route=route,
            traveller_id=traveller_id,
            traveller_name=f"{first} {last}".strip() or username,
            codes=frozenset(item["code"] for item in (assessment or {}).get("findings", [])),
        )
        for pk, tier, route, traveller_id, first, last, username, assessment in rows
    ]


def _options(counts: Counter[str], labels: dict[str, str], selected: str) -> list[FacetOption]:
    values = set(counts) | ({selected} if selected else set())
    ordered = sorted(values, key=lambda value: (labels.get(value) or value).lower())
    return [
        FacetOption(value, labels.get(value) or value, counts.get(value, 0), value == selected)
        for value in ordered
    ]


def _finding_options(keys: list[QueueKey], selected: str) -> list[FacetOption]:
    codes: Counter[str] = Counter(code for key in keys for code in key.codes)
    fixed = [
        FacetOption(
            ANY_FINDING,
            _("Any finding"),
            sum(1 for key in keys if key.codes),
            selected == ANY_FINDING,
        ),
        FacetOption(
            NO_FINDING,
            _("No findings"),
            sum(1 for key in keys if not key.codes),
            selected == NO_FINDING,
        ),
    ]
    chosen_code = "" if selected in (ANY_FINDING, NO_FINDING) else selected
    labels = {code: code_label(code, "finding") for code in set(codes) | {chosen_code} if code}
    return fixed + _options(codes, labels, chosen_code)


def _worded(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row's findings with their message in the reader's language (from the stored code and
    params: no query)."""
    return [{**finding, "message": finding_message(finding)} for finding in findings]


def review_queue(
    user: AnyUser, filters: QueueFilters, page_number: str | None, language: str
) -> Queue:
    keys = queue_keys(user)

    def facet(name: str) -> list[QueueKey]:
        return [key for key in keys if filters.admits(key, ignoring=name)]

    matching = [key for key in keys if filters.admits(key)]
    page: Page[int] = paginate([key.pk for key in matching], page_number)
    trips = {
        trip.pk: trip
        for trip in Trip.objects.visible_to(user)
        .filter(pk__in=list(page.object_list))
        .select_related("traveller", "organisation")
        .prefetch_related("legs")
    }
    rows = [
        QueueRow(trips[pk], destinations(trips[pk], language), _worded(trips[pk].findings))
        for pk in page.object_list
        if pk in trips
    ]
    travellers = facet("traveller_id")
    return Queue(
        rows=rows,
        page=page,
        total=len(keys),
        matching=len(matching),
        filters=filters,
        tiers=_options(Counter(key.tier for key in facet("tier") if key.tier), {}, filters.tier),
        routes=_options(
            Counter(key.route for key in facet("route") if key.route),
            {key.route: code_label(key.route, "route") for key in keys},
            filters.route,
        ),
        findings=_finding_options(facet("finding"), filters.finding),
        travellers=_options(
            Counter(str(key.traveller_id) for key in travellers),
            {str(key.traveller_id): key.traveller_name for key in keys},
            "" if filters.traveller_id is None else str(filters.traveller_id),
        ),
    )


# One trip to decide ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    number: int
    reviews: list[Review]


@dataclass(frozen=True)
class DecisionPage:
    trip: Trip
    person: Person | None
    legs: list[tuple[Leg, str]]
    meetings: list[tuple[PlannedMeeting, str]]
    # The step waiting for a decision, None when the chain is not open.
    current: Review | None
    may_decide: bool
    chain: list[Review]
    earlier: list[Round]
    recent: list[TripLine]
    compliance: Compliance

    @property
    def under_way(self) -> bool:
        return self.trip.status == S.IN_PROGRESS


def trip_to_decide(user: AnyUser, trip_id: int) -> Trip:
    """The trip, or a 404 when the viewer may not see it."""
    return Trip.objects.select_related("traveller__person", "organisation").get_for(
        user, pk=trip_id
    )


def decision_page(
    user: AnyUser, trip: Trip, *, today: datetime.date, language: str
) -> DecisionPage:
    reviews = list(trip.reviews.select_related("reviewer").order_by("round", "position"))
    chain = [review for review in reviews if review.round == trip.review_round]
    open_chain = trip.status in DECIDABLE_STATES
    current = next((r for r in chain if open_chain and r.decision == ReviewDecision.PENDING), None)
    earlier: dict[int, list[Review]] = {}
    for review in reviews:
        if review.round != trip.review_round:
            earlier.setdefault(review.round, []).append(review)
    recent = (
        Trip.objects.visible_to(user)
        .filter(traveller_id=trip.traveller_id)
        .exclude(pk=trip.pk)
        .exclude(status=S.DRAFT)
        .prefetch_related("legs")
        .order_by(F("starts_on").desc(nulls_last=True), "-id")[:RECENT_TRIPS]
    )
    return DecisionPage(
        trip=trip,
        person=getattr(trip.traveller, "person", None),
        legs=[(leg, country_name(leg.country, language)) for leg in trip.legs.all()],
        meetings=[
            (meeting, country_name(meeting.country, language) if meeting.country else "")
            for meeting in trip.meetings.all()
        ],
        current=current,
        may_decide=(
            current is not None
            and isinstance(user, User)
            and may_decide_step(user, trip, current.step)
        ),
        chain=chain,
        earlier=[Round(number, earlier[number]) for number in sorted(earlier, reverse=True)],
        recent=trip_lines(recent, language),
        compliance=compliance(user, trip.traveller_id, today),
    )


# What changed while the viewer had the page open -----------------------------------------------


def changes_since(
    trip: Trip, *, seen_status: str, opened: datetime.datetime | None, language: str
) -> list[str]:
    """What a reviewer acting on an older copy missed: the status, the decisions taken and the
    itinerary changes reported since they opened the page. Reads only what the page shows."""
    changes: list[str] = []
    if seen_status and seen_status != trip.status and seen_status in S.values:
        changes.append(
            _("Status: %(before)s → %(after)s")
            % {"before": S(seen_status).label, "after": trip.get_status_display()}
        )
    if opened is None:
        return changes
    decided = trip.reviews.select_related("reviewer").filter(decided_at__gte=opened)
    for review in decided.order_by("decided_at", "id"):
        assert review.decided_at is not None
        changes.append(
            _("%(who)s: %(decision)s (%(step)s step) at %(time)s")
            % {
                "who": display_name(review.reviewer) or _("the system"),
                "decision": review.get_decision_display(),
                "step": code_label(review.step, "step"),
                "time": timezone.localtime(review.decided_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    for deviation in trip.deviations.filter(reported_at__gte=opened).order_by("reported_at"):
        changes.append(
            _("Change of itinerary reported: %(country)s, %(start)s – %(end)s")
            % {
                "country": country_name(deviation.country, language),
                "start": deviation.starts_on.isoformat(),
                "end": deviation.ends_on.isoformat(),
            }
        )
    return changes
