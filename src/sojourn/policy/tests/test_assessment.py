"""The Assessment as stored with a trip: to_dict and back."""

from __future__ import annotations

import json

from sojourn.policy import Assessment, Route, assess, shipped_pack
from sojourn.policy.tests.builders import leg, trip

OLD_KEYS = {
    "policy",
    "covered",
    "tier",
    "route",
    "approvals",
    "report_by",
    "debrief_due",
    "checkin_hours",
    "briefing_required",
    "debrief_depth",
    "findings",
    "risk",
}


def test_round_trip_through_json() -> None:
    result = assess(
        shipped_pack("seed-sensitive-tech"),
        trip(
            leg("US", "2026-05-10", transit=True),
            leg("SG", "2026-05-11", "2026-05-14"),
            necessity="",
        ),
    )

    stored = json.loads(json.dumps(result.to_dict()))

    assert Assessment.from_dict(stored) == result
    assert set(stored) >= OLD_KEYS
    assert stored["tier_rank"] == 2


def test_a_snapshot_from_before_the_engine_still_reads() -> None:
    old = {
        "policy": "provisional@0",
        "covered": False,
        "tier": None,
        "route": "not_required",
        "approvals": [],
        "report_by": None,
        "debrief_due": None,
        "checkin_hours": None,
        "briefing_required": False,
        "debrief_depth": None,
        "findings": [],
        "risk": {"score": 0, "factors": []},
    }

    result = Assessment.from_dict(old)

    assert result.route == Route.NOT_REQUIRED
    assert result.tier_rank is None
    assert result.to_dict() == {
        **old,
        "tier_rank": None,
        "tier_label": None,
        "device_guidance": None,
        "briefing_text": None,
        "debrief_contacts_required": False,
        "necessity_required": False,
        "checkin_grace_hours": 2,
        "debrief_oversight_after_days": 5,
        "follow_up_days": 3,
    }


def test_a_snapshot_from_before_codes_keeps_its_words() -> None:
    """GIVEN findings without params and risk factors stored as English sentences
    WHEN the snapshot is read back THEN the words survive, as the fallback faces show."""
    old = {
        "policy": "seed-sensitive-tech@1",
        "covered": True,
        "tier": "restricted",
        "route": "review",
        "findings": [
            {"code": "late_report", "severity": "warning", "message": "Late.", "rule": "r"}
        ],
        "risk": {"score": 65, "factors": ["tier restricted: +60", "1 warning finding: +5"]},
        "device_guidance": "Take a clean phone.",
    }

    result = Assessment.from_dict(old)

    assert result.findings[0].params == {}
    assert result.findings[0].message == "Late."
    assert [(f.code, f.points, f.message) for f in result.risk.factors] == [
        ("", 60, "tier restricted: +60"),
        ("", 5, "1 warning finding: +5"),
    ]
    assert result.device_guidance is not None
    assert result.device_guidance.in_language("zh-hans") == "Take a clean phone."


def test_a_pack_sets_its_escalation_intervals() -> None:
    from sojourn.policy import load_pack, shipped_pack

    text = (
        "id: quick\nversion: 1\ntitle: Quick\ncoverage: {sectors: ['*'], positions: ['*']}\n"
        "tiers:\n  all:\n    destinations: ['*']\n    travel: allowed\n"
        "    advance_notice: {days: 1}\n    approvals: [org_security]\n    checkin_hours: 12\n"
        "    risk_weight: 10\n"
        "escalation: {checkin_grace_hours: 1, debrief_oversight_after_days: 2,"
        " late_report_follow_up_days: 1}\n"
    )

    pack = load_pack(text)

    assert (pack.escalation.checkin_grace_hours, pack.escalation.late_report_follow_up_days) == (
        1,
        1,
    )
    assert shipped_pack("seed-sensitive-tech").escalation.checkin_grace_hours == 2
