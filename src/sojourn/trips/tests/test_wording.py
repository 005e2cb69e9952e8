"""The engine's findings and risk factors, worded at the face in the reader's language from
their code and params; stored snapshots render the same way, unknown codes keep their English."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import translation

from sojourn.policy import Leg, Meeting, Traveller, TripFacts, assess, shipped_pack
from sojourn.trips.wording import shown

PACK = shipped_pack("seed-sensitive-tech")
FOUNDER = Traveller(positions=("founder",), sectors=("ai",), home_country="CN")


def facts(*legs: Leg, reported_on: str = "2026-05-20", traveller: Traveller = FOUNDER) -> TripFacts:
    return TripFacts(
        traveller=traveller,
        purpose="conference",
        reported_on=datetime.date.fromisoformat(reported_on),
        necessity="",
        alternatives="",
        legs=legs,
        meetings=(Meeting("A. Smith", "Acme", "US"),),
    )


def leg(country: str, start: str, end: str, *, transit: bool = False, city: str = "") -> Leg:
    return Leg(
        country=country,
        city=city,
        starts_on=datetime.date.fromisoformat(start),
        ends_on=datetime.date.fromisoformat(end),
        transit=transit,
    )


US_TRIP = facts(
    leg("JP", "2026-06-01", "2026-06-01", transit=True),
    leg("US", "2026-06-02", "2026-06-06", city="Boston"),
)


def in_language(language: str, snapshot: dict[str, Any]) -> Any:
    with translation.override(language):
        words = shown(snapshot)
    assert words is not None
    return words


def test_findings_and_factors_read_in_chinese() -> None:
    """GIVEN a late, restricted US trip without a necessity WHEN a zh-hans reader sees it
    THEN every finding and factor is Chinese, with the country names of that language and the
    site's one date format (Y-m-d, not 2026年5月20日)."""
    words = in_language("zh-hans", assess(PACK, US_TRIP).to_dict())

    messages = {f["code"]: f["message"] for f in words["findings"]}
    assert messages["necessity_missing"] == (
        "不鼓励“受限”等级的出行：仅在确有必要时方可成行。"
        "请说明出行为何必要，以及考虑过哪些替代方案（例如远程参加）。"
    )
    assert messages["late_report"] == (
        "于 2026-05-20 报备，晚于报备截止日（2026-05-02）：“受限”等级要求在 2026-06-01 "
        "出发前提前 30 天报备。"
    )
    assert words["tier_label"] == "受限"
    assert words["device_guidance"].startswith("携带只存有")
    factors = [f["message"] for f in words["risk"]["factors"]]
    assert factors[0] == "“受限”等级：+60"
    assert "1 次与来自“受限”等级国家的会面对象会面：+4" in factors


def test_the_same_snapshot_reads_in_english() -> None:
    words = in_language("en", assess(PACK, US_TRIP).to_dict())

    messages = {f["code"]: f["message"] for f in words["findings"]}
    assert messages["late_report"].startswith(
        "Reported on 2026-05-20, after the last day to report (2026-05-02)"
    )
    assert words["tier_label"] == "Restricted"
    assert words["risk"]["factors"][0]["message"] == "tier “Restricted”: +60"


def test_a_layover_names_the_country_in_the_readers_language() -> None:
    trip = facts(
        leg("US", "2026-07-01", "2026-07-01", transit=True),
        leg("SG", "2026-07-02", "2026-07-05"),
        reported_on="2026-05-01",
    )

    words = in_language("zh-hans", assess(PACK, trip).to_dict())

    (transit,) = [f for f in words["findings"] if f["code"] == "transit_restricted"]
    assert transit["message"].startswith("转机同样存在风险：美国（US） 2026-07-01（过境）")


def test_not_covered_names_the_pack_and_the_reason_in_chinese() -> None:
    banker = Traveller(positions=("staff",), sectors=("finance",), home_country="CN")
    trip = facts(leg("FR", "2026-07-01", "2026-07-03"), traveller=banker)

    words = in_language("zh-hans", assess(PACK, trip).to_dict())

    assert words["findings"][0]["message"] == (
        "本次出行不在“敏感技术领域人员出行”的适用范围内：出行人的领域（金融）不在其适用范围内。"
    )


def test_a_stored_snapshot_with_an_unknown_code_keeps_its_english() -> None:
    """GIVEN a snapshot stored before findings had params, and one with a code the faces do not
    know WHEN read in Chinese THEN each keeps the English it was stored with, and the risk
    factors stored as sentences show as stored."""
    stored = assess(PACK, US_TRIP).to_dict()
    stored["findings"] = [
        {"code": "late_report", "severity": "warning", "message": "Reported late.", "rule": "r"},
        {
            "code": "something_new",
            "params": {"x": 1},
            "severity": "info",
            "message": "A new kind.",
            "rule": "r",
        },
    ]
    stored["risk"] = {"score": 60, "factors": ["tier restricted: +60"]}
    stored["device_guidance"] = "Take a clean phone."
    del stored["tier_label"]

    words = in_language("zh-hans", stored)

    assert [f["message"] for f in words["findings"]] == ["Reported late.", "A new kind."]
    assert [f["message"] for f in words["risk"]["factors"]] == ["tier restricted: +60"]
    assert words["device_guidance"] == "Take a clean phone."
    assert words["tier_label"] == "受限"  # from the shipped pack's tier of that name


def test_texts_stored_before_the_pack_spoke_chinese_read_in_chinese() -> None:
    """GIVEN a snapshot taken when the shipped pack wrote its texts in English alone (tier
    label, device guidance, the pack's title in a finding) WHEN read in Chinese THEN each text
    the shipped pack now gives in Chinese for the same English reads in Chinese; an English
    text the packs do not write stays as stored."""
    banker = Traveller(positions=("staff",), sectors=("finance",), home_country="CN")
    stored = assess(PACK, US_TRIP).to_dict()
    stored["tier_label"] = {"en": "Restricted"}
    stored["device_guidance"] = {"en": PACK.tiers[0].device_guidance.en}  # type: ignore[union-attr]
    stored["briefing_text"] = {"en": "A briefing of our own."}
    uncovered = assess(PACK, facts(leg("FR", "2026-07-01", "2026-07-03"), traveller=banker))
    stored["findings"] = [
        {**f, "params": {**f["params"], "title": {"en": PACK.title.en}}}
        for f in uncovered.to_dict()["findings"]
    ]

    words = in_language("zh-hans", stored)

    assert words["tier_label"] == "受限"
    assert words["device_guidance"].startswith("携带只存有")
    assert words["briefing_text"] == "A briefing of our own."
    assert words["findings"][0]["message"].startswith("本次出行不在“敏感技术领域人员出行”")
