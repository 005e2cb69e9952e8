"""Assessments of synthetic trips by the real policy engine, reused where that is exact.

A million trips cannot each afford an evaluation (the engine does tens of thousands a second),
but most of them are the same trip in the engine's eyes. What it reads is documented in
`sojourn.policy.engine` and `sojourn.policy.risk`: whether the pack covers the traveller (their
sectors, positions and home); the tier each leg falls in, transits included; the number of
foreign countries and of days abroad (a factor of the risk score from the fourteenth day); the
meetings with counterparts from the pack's strictest tier; whether necessity and alternatives
are given; and whether the report came after the report-by date. Trips alike in all of these
are twins: their assessments differ only in the dates they name — `report_by` (departure minus
the tier's notice), `debrief_due` (return plus the tier's debrief deadline) and, in a late
report's finding, the days reported, due and departing. So the first trip of each kind (once
reported in time, once late) is evaluated, and its twins take the result with their own dates
put in, `debrief_due` computed by the engine's own calendar function. A traveller the pack does
not cover gets the same result for any trip; for one it covers, only their home country counts
from then on.

A result is reused only when that is exact: every date it names is one of those, all different
(a layover or an advisory finding names others: those trips are always evaluated); no finding
names one of the trip's countries (a layover, a prohibited destination); and its tier's notice
is in calendar days (business days would move with the weekday). The synth tests assess every
trip of a small world afresh and compare, and `bench/synth.py` does so for a sample of the
large one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sojourn.policy import Assessment, Meeting, Pack, Traveller, TripFacts, add_days, assess
from sojourn.policy import Leg as LegFacts
from sojourn.synth.timebase import date_of, day_text

# A leg as the generator holds it: country, city, first day, last day (ordinals), transit.
LegPlan = tuple[str, str, int, int, bool]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a trip stores from its assessment, dates as ordinals, and the whole result as JSON."""

    policy: str
    tier: str
    route: str
    approvals: tuple[str, ...]
    risk_score: int
    report_by: int | None
    debrief_due: int | None
    checkin_hours: int | None
    briefing_required: bool
    meetings_required: bool
    late: bool
    follow_up_days: int
    findings: tuple[str, ...]
    document: str


@dataclass(frozen=True, slots=True)
class _Template:
    """An evaluated result with its dates taken out: `pieces` of its JSON around `slots`, the
    name of the date each slot holds (reported, report_by, departs, debrief_due)."""

    snapshot: Snapshot
    pieces: tuple[str, ...]
    slots: tuple[str, ...]


@dataclass(slots=True)
class _Kind:
    """Trips alike in the engine's eyes: their tier's deadlines, and a result reported on
    time and one reported late once each has been evaluated."""

    notice_days: int | None
    debrief_days: int | None
    debrief_business: bool
    home: str
    on_time: _Template | None = None
    late: _Template | None = None


Key = tuple[object, ...]


class Assessor:
    def __init__(self) -> None:
        self._kinds: dict[Key, _Kind | None] = {}
        self._key = _Keys()
        """None: a kind whose results cannot be reused (business-day notice)."""
        self.evaluated = 0
        self.reused = 0

    def assess(
        self,
        pack: Pack,
        traveller: Traveller,
        legs: Sequence[LegPlan],
        *,
        reported_on: int,
        meetings: Sequence[tuple[str, str, str]] = (),
        necessity: str = "",
        alternatives: str = "",
    ) -> Snapshot:
        """The assessment of a trip reported on `reported_on` (an ordinal); `meetings` are
        (counterpart, organisation, country)."""
        departs = min(leg[2] for leg in legs)
        returns = max(leg[3] for leg in legs)
        key = self._key(pack, traveller, legs, meetings, necessity, alternatives)
        kind = self._kinds.get(key)
        if kind is not None:
            report_by = None if kind.notice_days is None else departs - kind.notice_days
            late = report_by is not None and reported_on > report_by
            template = kind.late if late else kind.on_time
            if template is not None:
                self.reused += 1
                debrief_due = _debrief_due(kind, returns)
                dates = _dates(reported_on, report_by, departs, debrief_due)
                return _filled(template, dates, report_by, debrief_due)
        self.evaluated += 1
        facts = TripFacts(
            traveller=traveller,
            purpose="",
            reported_on=date_of(reported_on),
            legs=tuple(
                LegFacts(country=c, city=city, starts_on=date_of(s), ends_on=date_of(e), transit=t)
                for c, city, s, e, t in legs
            ),
            meetings=tuple(
                Meeting(counterpart=n, organisation=o, country=c) for n, o, c in meetings
            ),
            necessity=necessity,
            alternatives=alternatives,
        )
        assessment = assess(pack, facts)
        snapshot = _snapshot(assessment, json.dumps(assessment.to_dict()))
        if key not in self._kinds:
            kind = self._kinds[key] = _kind(pack, traveller, assessment)
        if kind is not None and _reusable(assessment, legs):
            dates = _dates(reported_on, snapshot.report_by, departs, snapshot.debrief_due)
            template = _template(snapshot, dates)
            if template is not None and snapshot.late:
                kind.late = kind.late or template
            elif template is not None:
                kind.on_time = kind.on_time or template
        return snapshot


class _Keys:
    """The key of a trip, with what it looks up in the pack remembered per pack and home."""

    def __init__(self) -> None:
        self._covered: dict[tuple[str, Traveller], bool] = {}
        self._tiers: dict[tuple[str, str], dict[str, tuple[str, bool]]] = {}

    def __call__(
        self,
        pack: Pack,
        traveller: Traveller,
        legs: Sequence[LegPlan],
        meetings: Sequence[tuple[str, str, str]],
        necessity: str,
        alternatives: str,
    ) -> Key:
        """What the engine's result depends on, dates apart (see the module's docstring)."""
        if not self._is_covered(pack, traveller):
            return (pack.ref, traveller)
        home = traveller.home_country
        tiers = self._tiers.get((pack.ref, home))
        if tiers is None:
            tiers = self._tiers[(pack.ref, home)] = {}
        tier_of = tiers.get
        leg_tiers = []
        for country, _, _, _, transit in legs:
            tier = tier_of(country) or self._tier(pack, home, country, tiers)
            leg_tiers.append((tier[0], transit))
        sensitive = 0
        for _, _, country in meetings:
            if country and (tier_of(country) or self._tier(pack, home, country, tiers))[1]:
                sensitive += 1
        return (
            pack.ref,
            home,
            tuple(sorted(leg_tiers)),
            len({leg[0] for leg in legs if leg[0] != home}),
            all(leg[0] == home for leg in legs),
            _days_abroad(legs, home),
            sensitive,
            bool(necessity.strip()),
            bool(alternatives.strip()),
        )

    def _is_covered(self, pack: Pack, traveller: Traveller) -> bool:
        covered = self._covered.get((pack.ref, traveller))
        if covered is None:
            coverage = pack.coverage
            covered = coverage.any_sector(traveller.sectors) and coverage.any_position(
                traveller.positions
            )
            self._covered[(pack.ref, traveller)] = covered
        return covered

    @staticmethod
    def _tier(
        pack: Pack, home: str, country: str, known: dict[str, tuple[str, bool]]
    ) -> tuple[str, bool]:
        """The tier a country falls in for a traveller from `home`, and whether it is the
        pack's strictest."""
        tier = pack.tier_of(country, home)
        known[country] = (tier.name if tier else "", tier is pack.tiers[0])
        return known[country]


def _days_abroad(legs: Sequence[LegPlan], home: str) -> int:
    """Days on foreign legs, overlaps counted once; 0 below the two weeks the score counts."""
    if len(legs) == 1:
        _, _, start, end, _ = legs[0]
        days = end - start + 1 if legs[0][0] != home else 0
        return days if days >= 14 else 0
    days = 0
    counted_until = -1
    for _, _, start, end, _ in sorted((leg for leg in legs if leg[0] != home), key=_span):
        start = max(start, counted_until + 1)
        if end >= start:
            days += end - start + 1
            counted_until = end
    return days if days >= 14 else 0


def _span(leg: LegPlan) -> tuple[int, int]:
    return leg[2], leg[3]


def _snapshot(assessment: Assessment, document: str) -> Snapshot:
    report_by = assessment.report_by
    debrief_due = assessment.debrief_due
    return Snapshot(
        policy=assessment.policy,
        tier=assessment.tier or "",
        route=str(assessment.route),
        approvals=assessment.approvals,
        risk_score=assessment.risk.score,
        report_by=report_by.toordinal() if report_by else None,
        debrief_due=debrief_due.toordinal() if debrief_due else None,
        checkin_hours=assessment.checkin_hours,
        briefing_required=assessment.briefing_required,
        meetings_required=(
            assessment.debrief_depth == "detailed" or assessment.debrief_contacts_required
        ),
        late=assessment.has("late_report"),
        follow_up_days=assessment.follow_up_days,
        findings=tuple(finding.code for finding in assessment.findings),
        document=document,
    )


def _reusable(assessment: Assessment, legs: Sequence[LegPlan]) -> bool:
    """No finding names one of the trip's countries (a layover, a prohibited destination)."""
    named = [f"({leg[0]})" for leg in legs]
    return not any(name in finding.message for finding in assessment.findings for name in named)


def _kind(pack: Pack, traveller: Traveller, assessment: Assessment) -> _Kind | None:
    tier = pack.tier(assessment.tier) if assessment.tier else None
    if tier is not None and tier.advance_notice.business_days:
        return None  # the report-by date would move with the weekday: evaluate every trip
    debrief = tier.debrief if tier else None
    return _Kind(
        notice_days=tier.advance_notice.days if tier else None,
        debrief_days=debrief.days if debrief else None,
        debrief_business=debrief.business_days if debrief else False,
        home=traveller.home_country,
    )


def _debrief_due(kind: _Kind, returns: int) -> int | None:
    """As the engine computes it: the last day plus the tier's deadline, in its calendar."""
    if kind.debrief_days is None:
        return None
    due = add_days(
        date_of(returns), kind.debrief_days, business=kind.debrief_business, country=kind.home
    )
    return due.toordinal()


def _dates(
    reported_on: int, report_by: int | None, departs: int, debrief_due: int | None
) -> dict[str, str]:
    named = {"reported": reported_on, "report_by": report_by, "departs": departs}
    named["debrief_due"] = debrief_due
    return {name: day_text(day) for name, day in named.items() if day is not None}


def _template(snapshot: Snapshot, dates: dict[str, str]) -> _Template | None:
    """The document cut at every date in it, when each is one of `dates` (all different);
    None when some other date is named (a layover, an advisory) or two coincide."""
    names = {text: name for name, text in dates.items()}
    if len(names) != len(dates):
        return None
    pieces: list[str] = []
    slots: list[str] = []
    position = 0
    for found in _DATE.finditer(snapshot.document):
        name = names.get(found.group())
        if name is None:
            return None
        pieces.append(snapshot.document[position : found.start()])
        slots.append(name)
        position = found.end()
    pieces.append(snapshot.document[position:])
    return _Template(snapshot, tuple(pieces), tuple(slots))


def _filled(
    template: _Template, dates: dict[str, str], report_by: int | None, debrief_due: int | None
) -> Snapshot:
    parts = [template.pieces[0]]
    for slot, piece in zip(template.slots, template.pieces[1:], strict=True):
        parts.append(dates[slot])
        parts.append(piece)
    base = template.snapshot
    return Snapshot(
        policy=base.policy,
        tier=base.tier,
        route=base.route,
        approvals=base.approvals,
        risk_score=base.risk_score,
        report_by=report_by,
        debrief_due=debrief_due,
        checkin_hours=base.checkin_hours,
        briefing_required=base.briefing_required,
        meetings_required=base.meetings_required,
        late=base.late,
        follow_up_days=base.follow_up_days,
        findings=base.findings,
        document="".join(parts),
    )
