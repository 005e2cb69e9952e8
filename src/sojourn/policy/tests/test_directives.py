"""Directives in force: advisories over a date window, and holds on a person's travel."""

from __future__ import annotations

import pytest

from sojourn.policy import (
    Advisory,
    Hold,
    InputError,
    Route,
    Severity,
    assess,
    load_pack,
    shipped_pack,
)
from sojourn.policy.tests.builders import day, leg, trip

SEED = shipped_pack("seed-sensitive-tech")
SINGAPORE = trip(leg("SG", "2026-05-11", "2026-05-14"))


def advisory(
    destinations: tuple[str, ...] = ("SG",),
    starts_on: str = "2026-05-01",
    ends_on: str = "2026-05-31",
    *,
    effect: str = "raise_tier",
    tier: str | None = "restricted",
    id: str = "ADV-7",
) -> Advisory:
    return Advisory(
        id=id,
        destinations=destinations,
        starts_on=day(starts_on),
        ends_on=day(ends_on),
        effect=effect,  # type: ignore[arg-type]
        tier=tier,
        text="Heightened risk around the regional summit.",
    )


def test_an_advisory_raises_the_tier_of_legs_in_its_window() -> None:
    result = assess(SEED, SINGAPORE, advisories=[advisory()])

    assert result.tier == "restricted"
    assert result.route == Route.REVIEW
    assert result.approvals == ("org_security", "oversight")
    [finding] = result.findings
    assert finding.code == "advisory_in_force"
    assert finding.severity == Severity.WARNING
    assert finding.rule == "advisory:ADV-7"
    assert "ADV-7" in finding.message
    assert "Singapore (SG)" in finding.message
    assert "2026-05-01" in finding.message
    assert "regional summit" in finding.message


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [("2026-04-01", "2026-05-10"), ("2026-05-15", "2026-06-30")],
    ids=["ends the day before departure", "starts the day after return"],
)
def test_an_advisory_outside_the_legs_dates_does_not_apply(starts_on: str, ends_on: str) -> None:
    result = assess(SEED, SINGAPORE, advisories=[advisory(starts_on=starts_on, ends_on=ends_on)])

    assert result.tier == "standard"
    assert result.route == Route.AUTO_APPROVE
    assert result.findings == ()


def test_an_advisory_overlapping_by_one_day_applies() -> None:
    result = assess(
        SEED, SINGAPORE, advisories=[advisory(starts_on="2026-05-14", ends_on="2026-05-20")]
    )

    assert result.tier == "restricted"


def test_an_advisory_never_lowers_a_tier() -> None:
    paris = trip(leg("FR", "2026-06-10", "2026-06-14"))

    result = assess(
        SEED, paris, advisories=[advisory(("FR",), "2026-06-01", "2026-06-30", tier="standard")]
    )

    assert result.tier == "restricted"
    assert result.has("advisory_in_force")


def test_an_advisory_may_name_a_group() -> None:
    result = assess(SEED, SINGAPORE, advisories=[advisory(("@US_MNNA", "SG", "MY"))])

    assert result.tier == "restricted"


def test_an_advisory_naming_an_unknown_tier_raises_to_the_strictest() -> None:
    result = assess(SEED, SINGAPORE, advisories=[advisory(tier="red")])

    assert result.tier == "restricted"


def test_an_advisory_naming_an_unknown_group_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        assess(SEED, SINGAPORE, advisories=[advisory(("@NOWHERE",))])

    assert caught.value.field == "advisories[0].destinations"
    assert "@NOWHERE" in caught.value.message


def test_a_prohibiting_advisory_denies() -> None:
    result = assess(SEED, SINGAPORE, advisories=[advisory(effect="prohibit", tier=None)])

    assert result.route == Route.DENY
    assert result.approvals == ()
    assert [f.code for f in result.findings] == ["prohibited_destination", "advisory_in_force"]
    assert result.findings[0].severity == Severity.BLOCKER
    assert result.findings[0].rule == "advisory:ADV-7"


def test_a_prohibited_tier_denies() -> None:
    pack = load_pack(
        """
id: closed
version: 1
title: Closed borders
coverage: {sectors: ["*"], positions: ["*"]}
tiers:
  closed:
    destinations: [KP]
    travel: prohibited
    advance_notice: {days: 0}
    approvals: []
    risk_weight: 100
  open:
    destinations: ["*"]
    travel: allowed
    advance_notice: {days: 0}
    approvals: [org_security]
    auto_approve: true
    risk_weight: 0
"""
    )

    result = assess(pack, trip(leg("KP", "2026-05-11", "2026-05-14")))

    assert result.route == Route.DENY
    [finding] = result.findings
    assert finding.code == "prohibited_destination"
    assert finding.rule == "closed@1:tiers.closed.travel"
    assert "North Korea (KP)" in finding.message


def test_a_hold_denies_any_trip_starting_before_it_ends() -> None:
    hold = Hold(id="HOLD-3", hold_until=day("2026-05-11"), reason="pending an investigation")

    result = assess(SEED, SINGAPORE, holds=[hold])

    assert result.route == Route.DENY
    [finding] = result.findings
    assert finding.code == "travel_hold"
    assert finding.severity == Severity.BLOCKER
    assert finding.rule == "hold:HOLD-3"
    assert "2026-05-11" in finding.message
    assert "pending an investigation" in finding.message


def test_a_hold_that_ends_before_departure_changes_nothing() -> None:
    hold = Hold(id="HOLD-3", hold_until=day("2026-05-10"), reason="pending an investigation")

    result = assess(SEED, SINGAPORE, holds=[hold])

    assert result.route == Route.AUTO_APPROVE


def test_a_hold_stops_even_a_trip_the_pack_does_not_cover() -> None:
    hold = Hold(id="HOLD-3", hold_until=day("2026-12-31"), reason="instruction of the authority")

    result = assess(SEED, trip(leg("CN", "2026-05-11", "2026-05-14")), holds=[hold])

    assert result.covered is False
    assert result.route == Route.DENY
    assert [f.code for f in result.findings] == ["travel_hold", "not_covered"]


def test_the_order_directives_arrive_in_does_not_matter() -> None:
    first = advisory(id="A1")
    second = advisory(("@EU",), id="A2", effect="prohibit", tier=None)
    paris_and_singapore = trip(leg("SG", "2026-05-11", "2026-05-14"), leg("FR", "2026-05-15"))

    one = assess(SEED, paris_and_singapore, advisories=[first, second])
    other = assess(SEED, paris_and_singapore, advisories=[second, first])

    assert one == other


def test_advisories_are_checked_when_made() -> None:
    with pytest.raises(ValueError, match="raise_tier needs the tier"):
        advisory(tier=None)
    with pytest.raises(ValueError, match="ends_on"):
        advisory(starts_on="2026-06-01", ends_on="2026-05-01")
