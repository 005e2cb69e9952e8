"""An invalid pack is refused with every problem, each naming its path and what was expected."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from sojourn.policy import PackError, Problem, load_pack, load_pack_file
from sojourn.policy.pack import shipped_pack, shipped_pack_ids

VALID: dict[str, Any] = {
    "id": "test-pack",
    "version": 3,
    "title": "Test pack",
    "groups": {"ALLIES_NO_TURKEY": {"include": ["@NATO", "JP"], "exclude": ["TR"]}},
    "coverage": {"sectors": ["ai"], "positions": ["founder"], "domestic": False},
    "tiers": {
        "restricted": {
            "destinations": ["@ALLIES_NO_TURKEY"],
            "travel": "discouraged",
            "advance_notice": {"days": 30, "business_days": False},
            "approvals": ["org_security", "oversight"],
            "briefing": True,
            "checkin_hours": 24,
            "debrief": {"depth": "detailed", "days": 5, "business_days": True},
            "risk_weight": 60,
        },
        "standard": {
            "destinations": ["*"],
            "travel": "allowed",
            "advance_notice": {"days": 7},
            "approvals": ["org_security"],
            "auto_approve": True,
            "risk_weight": 20,
        },
    },
}


def problems_of(change: Callable[[dict[str, Any]], None]) -> list[Problem]:
    document = copy.deepcopy(VALID)
    change(document)
    with pytest.raises(PackError) as caught:
        load_pack(yaml.safe_dump(document, sort_keys=False))
    return list(caught.value.problems)


def restricted(document: dict[str, Any]) -> dict[str, Any]:
    tier: dict[str, Any] = document["tiers"]["restricted"]
    return tier


def test_the_valid_pack_loads() -> None:
    pack = load_pack(yaml.safe_dump(VALID, sort_keys=False))

    assert pack.ref == "test-pack@3"
    assert [tier.name for tier in pack.tiers] == ["restricted", "standard"]
    assert [tier.rank for tier in pack.tiers] == [2, 1]
    assert pack.tier_of("DE", "CN") is pack.tiers[0]
    assert pack.tier_of("TR", "CN") is pack.tiers[1]
    assert pack.tier_of("CN", "CN") is None


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    (
        "a word where a number belongs",
        lambda d: restricted(d)["advance_notice"].update(days="thirty"),
        "tiers.restricted.advance_notice.days",
        "expected a whole number ≥ 0, got 'thirty'",
    ),
    (
        "a negative number",
        lambda d: restricted(d)["advance_notice"].update(days=-1),
        "tiers.restricted.advance_notice.days",
        "expected a whole number ≥ 0, got -1",
    ),
    (
        "an unknown key",
        lambda d: restricted(d)["advance_notice"].update(dayz=3),
        "tiers.restricted.advance_notice.dayz",
        "unknown key 'dayz'; expected one of: days, business_days",
    ),
    (
        "an unknown top-level key",
        lambda d: d.update(tier={}),
        "tier",
        "unknown key 'tier'; expected one of: id, version, title",
    ),
    (
        "a missing key",
        lambda d: restricted(d).pop("travel"),
        "tiers.restricted.travel",
        "missing required key; expected allowed, discouraged or prohibited",
    ),
    (
        "a value outside a choice",
        lambda d: restricted(d).update(travel="maybe"),
        "tiers.restricted.travel",
        "expected allowed, discouraged or prohibited, got 'maybe'",
    ),
    (
        "a text where true/false belongs",
        lambda d: restricted(d).update(briefing="yes please"),
        "tiers.restricted.briefing",
        "expected true or false, got 'yes please'",
    ),
    (
        "a risk weight above 100",
        lambda d: restricted(d).update(risk_weight=300),
        "tiers.restricted.risk_weight",
        "expected a whole number from 0 to 100, got 300",
    ),
    (
        "a list where a mapping belongs",
        lambda d: restricted(d).update(debrief=["detailed"]),
        "tiers.restricted.debrief",
        "expected a mapping with keys: depth, days, business_days, contacts_required",
    ),
    (
        "a badly written step id",
        lambda d: restricted(d).update(approvals=["org_security", "Over Sight"]),
        "tiers.restricted.approvals[1]",
        "expected a lower-case step id such as org_security, got 'Over Sight'",
    ),
    (
        "an unknown country code",
        lambda d: restricted(d).update(destinations=["@ALLIES_NO_TURKEY", "XX"]),
        "tiers.restricted.destinations[1]",
        "unknown country code 'XX'",
    ),
    (
        "a lower-case country code",
        lambda d: restricted(d).update(destinations=["fr"]),
        "tiers.restricted.destinations[0]",
        "write 'FR', not 'fr'",
    ),
    (
        "an unknown group",
        lambda d: restricted(d).update(destinations=["@ALIENS"]),
        "tiers.restricted.destinations[0]",
        "unknown group '@ALIENS'; known groups: @ALLIES_NO_TURKEY, @AUKUS",
    ),
    (
        "Norway written bare reads as false",
        lambda d: restricted(d).update(destinations=[False]),
        "tiers.restricted.destinations[0]",
        'write Norway as "NO"',
    ),
    (
        "an empty approval chain on a tier that is reviewed",
        lambda d: restricted(d).update(approvals=[]),
        "tiers.restricted.approvals",
        "needs at least one approval step",
    ),
    (
        "a step twice",
        lambda d: restricted(d).update(approvals=["org_security", "org_security"]),
        "tiers.restricted.approvals[1]",
        "step 'org_security' appears twice",
    ),
    (
        "auto-approving discouraged travel",
        lambda d: restricted(d).update(auto_approve=True),
        "tiers.restricted.auto_approve",
        "auto_approve needs travel: allowed",
    ),
    (
        "'*' mixed with codes",
        lambda d: restricted(d).update(destinations=["*", "FR"]),
        "tiers.restricted.destinations[0]",
        "list it alone",
    ),
    (
        "'*' in a group",
        lambda d: d["groups"]["ALLIES_NO_TURKEY"].update(include=["*"]),
        "groups.ALLIES_NO_TURKEY.include[0]",
        "only allowed in a tier's destinations",
    ),
    (
        "a group redefining a built-in one",
        lambda d: d["groups"].update(NATO={"include": ["US"]}),
        "groups.NATO",
        "already a built-in group",
    ),
    (
        "groups in a cycle",
        lambda d: d["groups"].update(A={"include": ["@B"]}, B={"include": ["@A"]}),
        "groups.A",
        "cycle: @A → @B → @A",
    ),
    (
        "a lower-case group name",
        lambda d: d["groups"].update(allies={"include": ["US"]}),
        "groups.allies",
        "invalid name 'allies'; expected an upper-case group name",
    ),
    (
        "an upper-case tier name",
        lambda d: d["tiers"].update(Red=copy.deepcopy(d["tiers"]["standard"])),
        "tiers.Red",
        "invalid name 'Red'; expected a lower-case tier name",
    ),
    (
        "no tiers",
        lambda d: d.update(tiers={}),
        "tiers",
        "must not be empty",
    ),
    (
        "a text in a language packs do not carry",
        lambda d: d.update(title={"en": "Test pack", "fr": "Paquet"}),
        "title.fr",
        "unknown key 'fr'; expected one of: en, zh-hans",
    ),
    (
        "a text without its English",
        lambda d: restricted(d).update(device_guidance={"zh-hans": "干净的手机"}),
        "tiers.restricted.device_guidance.en",
        "missing required key; expected the text in English",
    ),
    (
        "a text that is neither a string nor a mapping of languages",
        lambda d: restricted(d).update(label=["Restricted"]),
        "tiers.restricted.label",
        "expected a text, or a mapping of language to text with keys: en, zh-hans, got a list",
    ),
    (
        "a version that is not a number",
        lambda d: d.update(version="1"),
        "version",
        "expected a whole number ≥ 1, got '1'",
    ),
]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_problem_names_its_path_and_expectation(change, path, message) -> None:
    problems = problems_of(change)

    assert [p.path for p in problems] == [path]
    assert message in problems[0].message


def test_texts_are_plain_strings_or_one_per_language() -> None:
    document = copy.deepcopy(VALID)
    document["title"] = {"en": "Test pack", "zh-hans": "测试政策包"}
    restricted(document)["label"] = {"en": "Restricted", "zh-hans": "受限"}
    restricted(document)["device_guidance"] = "A clean phone."
    restricted(document)["briefing_text"] = {"en": "Be careful.", "zh-hans": "注意安全。"}

    pack = load_pack(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))

    tier = pack.tiers[0]
    assert pack.title.in_language("zh-hans") == "测试政策包"
    assert pack.title.in_language("en") == "Test pack"
    assert tier.label.in_language("zh-hans") == "受限"
    assert tier.device_guidance is not None
    assert tier.device_guidance.in_language("zh-hans") == "A clean phone."  # English stands in
    assert tier.briefing_text is not None
    assert tier.briefing_text.in_language("zh-hans") == "注意安全。"
    assert pack.tiers[1].label.in_language("zh-hans") == "standard"  # no label: the name


def test_shipped_packs_carry_their_texts_in_chinese() -> None:
    for pack_id in shipped_pack_ids():
        pack = shipped_pack(pack_id)
        assert pack.title.zh_hans, pack_id
        assert pack.description.zh_hans, pack_id
        for tier in pack.tiers:
            assert tier.label.zh_hans, tier.path
            if tier.device_guidance is not None:
                assert tier.device_guidance.zh_hans, tier.path
            if tier.briefing:
                assert tier.briefing_text is not None, tier.path
                assert tier.briefing_text.zh_hans, tier.path


def test_every_problem_is_listed_at_once() -> None:
    def many(document: dict[str, Any]) -> None:
        restricted(document)["advance_notice"]["days"] = "thirty"
        restricted(document)["advance_notice"]["dayz"] = 1
        restricted(document)["destinations"] = ["@ALIENS"]
        document["tiers"]["standard"]["approvals"] = []
        document["coverage"]["positions"] = []

    paths = {problem.path for problem in problems_of(many)}

    assert paths == {
        "tiers.restricted.advance_notice.days",
        "tiers.restricted.advance_notice.dayz",
        "tiers.restricted.destinations[0]",
        "tiers.standard.approvals",
        "coverage.positions",
    }


def test_problems_carry_their_line_and_column() -> None:
    text = yaml.safe_dump(VALID, sort_keys=False).replace("days: 30", "days: thirty")

    with pytest.raises(PackError) as caught:
        load_pack(text, source="mine.yaml")

    [problem] = caught.value.problems
    line = text.splitlines().index("      days: thirty") + 1
    assert (problem.line, problem.column) == (line, 13)
    assert str(problem).startswith(f"line {line}, column 13: tiers.restricted.advance_notice.days")
    assert "mine.yaml" in str(caught.value)


def test_a_tier_named_twice_is_an_error() -> None:
    text = yaml.safe_dump(VALID, sort_keys=False)
    standard = text[text.index("  standard:") :]
    twice = text + standard

    with pytest.raises(PackError) as caught:
        load_pack(twice)

    [problem] = caught.value.problems
    assert problem.path == "tiers.standard"
    assert "duplicate key 'standard'" in problem.message


def test_yaml_syntax_errors_give_line_and_column() -> None:
    with pytest.raises(PackError) as caught:
        load_pack("id: x\ntiers: [a\nversion: 1\n")

    [problem] = caught.value.problems
    assert problem.line == 3
    assert problem.column is not None
    assert "YAML syntax error" in problem.message


def test_a_character_yaml_refuses_is_a_pack_error_not_a_crash() -> None:
    with pytest.raises(PackError) as caught:
        load_pack("id: x\nversion: 1\ntitle: \x89\x00\n")

    [problem] = caught.value.problems
    assert "YAML error" in problem.message
    assert (problem.line, problem.column) == (3, 8)


@pytest.mark.parametrize("text", ["", "- a list\n", "just text\n"])
def test_a_document_that_is_not_a_mapping(text: str) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(text)

    assert "expected a mapping with keys: id, version" in caught.value.problems[0].message


def test_an_unreadable_file(tmp_path) -> None:
    with pytest.raises(PackError) as caught:
        load_pack_file(tmp_path / "missing.yaml")

    assert "cannot read the file" in caught.value.problems[0].message


def test_shipped_packs_load_and_are_named_after_their_files() -> None:
    assert shipped_pack_ids() == ["research-security", "seed-sensitive-tech", "us-sead3"]
    versions = {"research-security": 2, "seed-sensitive-tech": 1, "us-sead3": 1}
    for pack_id in shipped_pack_ids():
        pack = shipped_pack(pack_id)
        assert pack.id == pack_id
        assert pack.ref == f"{pack_id}@{versions[pack_id]}"
        assert shipped_pack(pack_id) is pack


def test_an_unknown_shipped_pack() -> None:
    with pytest.raises(KeyError, match="shipped packs: research-security"):
        shipped_pack("nope")
