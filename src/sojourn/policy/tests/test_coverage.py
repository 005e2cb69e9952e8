"""Who and where a pack covers: sectors, positions, domestic travel, unlisted destinations."""

from __future__ import annotations

from sojourn.policy import Advisory, Route, assess, load_pack
from sojourn.policy.tests.builders import day, leg, trip

WATCHLIST = load_pack(
    """
id: watchlist
version: 2
title: Watch-list destinations only
coverage:
  sectors: ["*"]
  positions: [researcher, founder]
  domestic: true
tiers:
  watched:
    destinations: [CN, RU]
    travel: allowed
    advance_notice: {days: 10, business_days: true}
    approvals: [org_security]
    risk_weight: 40
"""
)


def test_any_sector_is_covered_with_a_star() -> None:
    result = assess(WATCHLIST, trip(leg("RU", "2026-06-01"), sectors=("finance",), home="US"))

    assert result.covered is True
    assert result.tier == "watched"


def test_a_listed_home_country_is_covered_when_domestic_travel_is() -> None:
    result = assess(WATCHLIST, trip(leg("CN", "2026-06-01", "2026-06-03"), home="CN"))

    assert result.tier == "watched"
    assert result.route == Route.REVIEW
    assert result.report_by == day("2026-05-18")  # ten CN business days before Mon 1 June


def test_a_destination_no_tier_lists_is_not_covered() -> None:
    result = assess(WATCHLIST, trip(leg("FR", "2026-06-01"), home="US"))

    assert result.covered is False
    assert result.route == Route.NOT_REQUIRED
    [finding] = result.findings
    assert finding.code == "not_covered"
    assert finding.rule == "watchlist@2:tiers"


def test_an_advisory_can_bring_an_unlisted_destination_into_a_tier() -> None:
    advisory = Advisory(
        id="ADV-1",
        destinations=("FR",),
        starts_on=day("2026-05-01"),
        ends_on=day("2026-06-30"),
        effect="raise_tier",
        tier="watched",
        text="",
    )

    result = assess(WATCHLIST, trip(leg("FR", "2026-06-01"), home="US"), advisories=[advisory])

    assert result.tier == "watched"
    assert result.has("advisory_in_force")


def test_the_not_covered_finding_says_why() -> None:
    result = assess(WATCHLIST, trip(leg("RU", "2026-06-01"), position="staff"))

    [finding] = result.findings
    assert "position (staff)" in finding.message
    assert finding.rule == "watchlist@2:coverage.positions"
