"""Two pack documents with the same rules may differ in their words alone."""

from __future__ import annotations

from sojourn.policy import same_rules

PACK = """\
id: p
version: 1
title: A pack
description: What it is for.
groups:
  NEAR: {include: [JP, KR], description: Near by}
coverage: {sectors: [ai], positions: ["*"]}
tiers:
  strict:
    label: Strict
    destinations: ["@NEAR"]
    travel: discouraged
    advance_notice: {days: 30}
    approvals: [org_security]
    device_guidance: Take a clean laptop.
    risk_weight: 70
  open:
    destinations: ["*"]
    travel: allowed
    advance_notice: {days: 7}
    approvals: []
    risk_weight: 10
"""


def test_new_words_in_every_place_leave_the_rules_the_same() -> None:
    worded = (
        PACK.replace("title: A pack", "title: {en: A pack, zh-hans: 一个政策包}")
        .replace("What it is for.", "{en: What it is for., zh-hans: 用途。}")
        .replace("description: Near by", "description: Close")
        .replace("label: Strict", "label: {en: Strict, zh-hans: 严格}")
        .replace("Take a clean laptop.", "{en: Take a clean laptop., zh-hans: 携带干净的电脑。}")
        .replace("  open:\n", "  open:\n    briefing_text: Read this.\n")
    )

    assert same_rules(PACK, worded)


def test_a_changed_rule_or_order_of_tiers_is_not_the_same() -> None:
    reordered = PACK.split("  strict:")[0] + "  open:" + PACK.split("  open:")[1].rstrip("\n")
    reordered += "\n  strict:" + PACK.split("  strict:")[1].split("  open:")[0]

    assert not same_rules(PACK, PACK.replace("risk_weight: 70", "risk_weight: 60"))
    assert not same_rules(PACK, PACK.replace("include: [JP, KR]", "include: [JP]"))
    assert not same_rules(PACK, reordered)
    assert not same_rules("not: [a pack", PACK)
