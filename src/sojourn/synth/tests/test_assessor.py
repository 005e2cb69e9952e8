"""Reused assessments are exactly what the engine gives; what cannot be reused exactly is
evaluated."""

from __future__ import annotations

import datetime
import json
from typing import Any

from sojourn.policy import Leg, Traveller, TripFacts, assess, shipped_pack
from sojourn.synth.assessor import Assessor, LegPlan

PACK = shipped_pack("seed-sensitive-tech")
RESEARCHER = Traveller(("researcher",), ("ai",), "CN")
BANKER = Traveller(("staff",), ("finance",), "CN")
DAY = datetime.date(2025, 5, 12).toordinal()


def day(ordinal: int) -> datetime.date:
    return datetime.date.fromordinal(ordinal)


def engine(
    traveller: Traveller,
    legs: list[LegPlan],
    reported_on: int,
    necessity: str = "Keynote.",
    alternatives: str = "No remote slot.",
) -> dict[str, Any]:
    facts = TripFacts(
        traveller=traveller,
        purpose="",
        reported_on=day(reported_on),
        legs=tuple(Leg(c, day(s), day(e), city, t) for c, city, s, e, t in legs),
        necessity=necessity,
        alternatives=alternatives,
    )
    return assess(PACK, facts).to_dict()


def assessed(
    assessor: Assessor, traveller: Traveller, legs: list[LegPlan], reported_on: int
) -> Any:
    snapshot = assessor.assess(
        PACK,
        traveller,
        legs,
        reported_on=reported_on,
        necessity="Keynote.",
        alternatives="No remote slot.",
    )
    return json.loads(snapshot.document)


def test_a_twin_in_other_weeks_reuses_the_result_with_its_own_dates():
    assessor = Assessor()
    first = [("FR", "Paris", DAY, DAY + 4, False)]
    # Another week and city, the same shape: a Saturday start, so business days differ.
    later = DAY + 187
    twin = [("DE", "Berlin", later, later + 4, False)]

    assessed(assessor, RESEARCHER, first, DAY - 60)
    result = assessed(assessor, RESEARCHER, twin, later - 45)

    assert (assessor.evaluated, assessor.reused) == (1, 1)
    assert result == engine(RESEARCHER, twin, later - 45)


def test_the_first_late_report_of_a_kind_is_evaluated_the_next_reused_with_its_dates():
    assessor = Assessor()
    assessed(assessor, RESEARCHER, [("FR", "Paris", DAY, DAY + 4, False)], DAY - 60)
    late = [("FR", "Lyon", DAY + 70, DAY + 74, False)]
    first = assessed(assessor, RESEARCHER, late, DAY + 60)
    assert assessor.evaluated == 2
    later = [("IT", "Milan", DAY + 200, DAY + 204, False)]

    result = assessed(assessor, RESEARCHER, later, DAY + 185)

    assert (assessor.evaluated, assessor.reused) == (2, 1)
    assert any(finding["code"] == "late_report" for finding in first["findings"])
    assert result == engine(RESEARCHER, later, DAY + 185)
    assert result != first


def test_a_layover_finding_names_dates_so_it_is_never_reused():
    assessor = Assessor()
    legs = [("DE", "Frankfurt", DAY, DAY, True), ("SG", "Singapore", DAY, DAY + 3, False)]
    assessed(assessor, RESEARCHER, legs, DAY - 60)
    shifted = [(c, city, s + 7, e + 7, t) for c, city, s, e, t in legs]

    result = assessed(assessor, RESEARCHER, shifted, DAY - 53)

    assert (assessor.evaluated, assessor.reused) == (2, 0)
    assert result == engine(RESEARCHER, shifted, DAY - 53)


def test_a_long_stay_is_not_the_twin_of_a_short_one():
    assessor = Assessor()
    assessed(assessor, RESEARCHER, [("US", "Boston", DAY, DAY + 3, False)], DAY - 60)
    long_stay = [("US", "Boston", DAY, DAY + 20, False)]

    result = assessed(assessor, RESEARCHER, long_stay, DAY - 60)

    assert assessor.evaluated == 2
    assert result == engine(RESEARCHER, long_stay, DAY - 60)


def test_anyone_the_pack_does_not_cover_gets_one_result_for_every_trip():
    assessor = Assessor()
    assessed(assessor, BANKER, [("US", "New York", DAY, DAY + 3, False)], DAY - 3)
    legs = [("JP", "Tokyo", DAY + 9, DAY + 30, False), ("KR", "Seoul", DAY + 30, DAY + 31, False)]

    result = assessed(assessor, BANKER, legs, DAY + 8)

    assert (assessor.evaluated, assessor.reused) == (1, 1)
    assert result == engine(BANKER, legs, DAY + 8)
