"""Contact reports under a pack: which categories fall due, when, and the late finding."""

from __future__ import annotations

import pytest

from sojourn.policy import PackError, load_pack, shipped_pack
from sojourn.policy.contacts import contact_report_due, late_contact_report
from sojourn.policy.tests.builders import day

PACK = """
id: contacts-test
version: 1
title: Contact reports
coverage: {sectors: ["*"], positions: ["*"]}
tiers:
  foreign:
    destinations: ["*"]
    travel: allowed
    advance_notice: {days: 0}
    approvals: [org_security]
    risk_weight: 10
contact_reports: {categories: [offer, stay_in_touch], days: 5, business_days: true}
correlation: {travellers: 3, sightings: 4, window_days: 180}
"""


def test_a_named_category_falls_due_in_business_days_of_the_home_country() -> None:
    pack = load_pack(PACK)
    # 30 September 2026, then China's National Day week: five working days end on 14 October.
    assert contact_report_due(pack, "offer", day("2026-09-30"), home_country="CN") == day(
        "2026-10-14"
    )
    assert contact_report_due(pack, "suspicious", day("2026-09-30"), home_country="CN") is None


def test_a_report_after_its_last_day_is_a_late_contact_report() -> None:
    pack = load_pack(PACK)
    on_time = late_contact_report(
        pack, "offer", day("2026-06-01"), day("2026-06-08"), home_country="US"
    )
    late = late_contact_report(
        pack, "offer", day("2026-06-01"), day("2026-06-09"), home_country="US"
    )

    assert on_time is None
    assert late is not None
    assert (late.code, late.rule) == ("late_contact_report", "contacts-test@1:contact_reports")
    assert late.params == {
        "category": "offer",
        "occurred_on": "2026-06-01",
        "reported_on": "2026-06-09",
        "report_by": "2026-06-08",
        "days": 5,
        "business_days": True,
    }


def test_the_correlation_thresholds_come_from_the_pack_with_defaults() -> None:
    pack = load_pack(PACK)
    assert (pack.correlation.travellers, pack.correlation.sightings) == (3, 4)
    assert pack.correlation.window_days == 180
    default = shipped_pack("us-sead3").correlation
    assert (default.travellers, default.sightings, default.window_days) == (2, 3, 365)


def test_an_unknown_category_is_named_with_its_path() -> None:
    with pytest.raises(PackError) as raised:
        load_pack(PACK.replace("[offer, stay_in_touch]", "[offer, bribe]"))
    assert "contact_reports.categories" in str(raised.value)
