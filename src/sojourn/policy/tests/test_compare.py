"""stricter(): does a re-assessment ask for more than the snapshot the trip was approved under?"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from sojourn.policy import Assessment, Finding, Route, Severity, assess, shipped_pack, stricter
from sojourn.policy.tests.builders import leg, trip

SEED = shipped_pack("seed-sensitive-tech")
STANDARD = assess(SEED, trip(leg("SG", "2026-06-01", "2026-06-05")))
RESTRICTED = assess(SEED, trip(leg("FR", "2026-06-01", "2026-06-05")))
BLOCKER = Finding("necessity_missing", Severity.BLOCKER, "Explain.", "x@1:tiers.a.travel")


def changed(base: Assessment, **changes: Any) -> Assessment:
    return dataclasses.replace(base, **changes)


def test_the_same_outcome_is_not_stricter() -> None:
    assert not stricter(STANDARD, STANDARD.to_dict())
    assert not stricter(RESTRICTED, RESTRICTED.to_dict())


def test_a_higher_tier_is_stricter_and_a_lower_one_is_not() -> None:
    assert stricter(RESTRICTED, STANDARD.to_dict())
    assert not stricter(STANDARD, RESTRICTED.to_dict())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (Route.NOT_REQUIRED, Route.AUTO_APPROVE),
        (Route.AUTO_APPROVE, Route.REVIEW),
        (Route.REVIEW, Route.DENY),
        (Route.NOT_REQUIRED, Route.DENY),
    ],
)
def test_a_higher_route_is_stricter(old: Route, new: Route) -> None:
    assert stricter(changed(STANDARD, route=new), changed(STANDARD, route=old).to_dict())
    assert not stricter(changed(STANDARD, route=old), changed(STANDARD, route=new).to_dict())


def test_an_added_approval_step_is_stricter() -> None:
    old = changed(STANDARD, route=Route.REVIEW, approvals=("org_security",))
    new = changed(old, approvals=("org_security", "oversight"))

    assert stricter(new, old.to_dict())
    assert not stricter(old, new.to_dict())


def test_a_new_blocker_is_stricter_but_a_new_warning_is_not() -> None:
    warning = dataclasses.replace(BLOCKER, code="late_report", severity=Severity.WARNING)

    assert stricter(changed(STANDARD, findings=(BLOCKER,)), STANDARD.to_dict())
    assert not stricter(changed(STANDARD, findings=(warning,)), STANDARD.to_dict())
    with_blocker = changed(STANDARD, findings=(BLOCKER,))
    assert not stricter(with_blocker, with_blocker.to_dict())


@pytest.mark.parametrize(
    "changes",
    [
        {"checkin_hours": 24},
        {"briefing_required": True},
        {"debrief_depth": "detailed"},
    ],
    ids=["check-ins", "briefing", "detailed debrief"],
)
def test_new_duties_are_stricter(changes: dict[str, Any]) -> None:
    assert stricter(changed(STANDARD, **changes), STANDARD.to_dict())


def test_more_frequent_check_ins_are_stricter() -> None:
    daily = changed(STANDARD, checkin_hours=24)

    assert stricter(changed(STANDARD, checkin_hours=12), daily.to_dict())
    assert not stricter(changed(STANDARD, checkin_hours=48), daily.to_dict())


def test_without_a_snapshot_anything_required_is_stricter() -> None:
    assert stricter(RESTRICTED, None)
    assert stricter(STANDARD, None)
    not_covered = assess(SEED, trip(leg("CN", "2026-06-01")))
    assert not stricter(not_covered, None)


def test_an_old_snapshot_without_new_keys_still_compares() -> None:
    provisional = {
        "policy": "provisional@0",
        "covered": True,
        "tier": "standard",
        "route": "review",
        "approvals": ["org_security"],
        "checkin_hours": 24,
        "briefing_required": False,
        "debrief_depth": "summary",
        "findings": [],
    }

    assert stricter(RESTRICTED, provisional)
    assert not stricter(
        changed(STANDARD, route=Route.REVIEW, approvals=("org_security",), checkin_hours=24),
        provisional,
    )
