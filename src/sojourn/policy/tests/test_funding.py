"""Who pays for an invitation: foreign sponsorship and prohibited funding, as packs write them."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
import yaml

from sojourn.policy import (
    Funding,
    InputError,
    PackError,
    Route,
    TripFacts,
    assess,
    load_pack,
    same_rules,
    shipped_pack,
)
from sojourn.policy.tests.builders import leg, trip
from sojourn.policy.tests.test_pack_validation import VALID

PACK = shipped_pack("research-security")
TSINGHUA = Funding("gift", "third_party", "Tsinghua University", "CN", "a tablet")


def invited(*funding: Funding, country: str = "DE") -> TripFacts:
    facts = trip(
        leg(country, "2026-06-01", "2026-06-05"),
        position="researcher",
        sectors=("academia",),
        home="US",
    )
    return dataclasses.replace(facts, funding=funding)


def codes(facts: TripFacts) -> list[str]:
    return [finding.code for finding in assess(PACK, facts).findings]


def test_a_host_abroad_paying_travel_is_foreign_sponsorship_naming_who_pays_for_what() -> None:
    host = Funding("travel", "host", "Max Planck Society", "DE")
    result = assess(PACK, invited(host, Funding("lodging", "employer")))

    (finding,) = result.findings
    assert finding.code == "foreign_sponsorship"
    assert finding.severity == "warning"
    assert finding.rule == "research-security@2:funding.foreign_sponsorship"
    assert finding.params["home_country"] == "US"
    assert finding.params["funding"] == [
        {
            "item": "travel",
            "paid_by": "host",
            "payer_name": "Max Planck Society",
            "payer_country": "DE",
            "value": "",
        }
    ]
    assert "travel paid by Max Planck Society (Germany (DE))" in finding.message
    assert result.route == Route.REVIEW  # the registry no longer approves it by itself


def test_the_organisation_the_traveller_or_a_payer_at_home_is_no_sponsorship() -> None:
    funding = (
        Funding("travel", "employer"),
        Funding("lodging", "self"),
        Funding("gift", "nobody"),
        Funding("honorarium", "third_party", "National Science Foundation", "US", "USD 500"),
    )

    result = assess(PACK, invited(*funding))

    assert result.findings == ()
    assert result.route == Route.AUTO_APPROVE


def test_a_gift_from_an_institution_of_a_country_of_concern_is_prohibited() -> None:
    result = assess(PACK, invited(TSINGHUA))

    prohibited = next(f for f in result.findings if f.code == "prohibited_funding")
    assert prohibited.severity == "blocker"
    assert prohibited.rule == "research-security@2:funding.prohibited[0]"
    assert prohibited.params["payer_countries"] == ["CN"]
    assert prohibited.params["funding"][0]["value"] == "a tablet"
    assert prohibited.params["reason"]["en"].startswith("Universities may not accept")
    assert "zh-hans" in prohibited.params["reason"]
    assert [f.code for f in result.findings] == ["prohibited_funding", "foreign_sponsorship"]
    assert result.route == Route.DENY


def test_what_the_rule_does_not_list_is_sponsorship_only() -> None:
    other = Funding("other", "host", "Fudan University", "CN", "conference dinner")
    hong_kong = Funding("travel", "host", "HKUST", "HK")

    assert codes(invited(other)) == ["foreign_sponsorship"]
    assert codes(invited(hong_kong)) == ["prohibited_funding", "foreign_sponsorship"]


def test_a_pack_without_funding_rules_finds_nothing_in_who_pays() -> None:
    pack = load_pack(yaml.safe_dump(VALID, sort_keys=False))
    paid = Funding("gift", "host", "Max Planck Society", "DE", "a book")
    facts = dataclasses.replace(invited(paid), traveller=trip().traveller)  # from CN

    result = assess(pack, facts)

    assert [f.code for f in result.findings] == []


@pytest.mark.parametrize(
    ("funding", "field", "words"),
    [
        (Funding("travel", "host"), "funding[0].payer_country", "names its country"),
        (Funding("travel", "host", "X", "cn"), "funding[0].payer_country", "upper case"),
        (Funding("cash", "host", "X", "CN"), "funding[0].item", "travel, lodging"),
        (Funding("gift", "friend", "X", "CN"), "funding[0].paid_by", "employer, host"),
    ],
)
def test_funding_the_engine_cannot_judge_is_refused_naming_the_field(
    funding: Funding, field: str, words: str
) -> None:
    with pytest.raises(InputError) as refused:
        assess(PACK, invited(funding))

    assert refused.value.field == field
    assert words in refused.value.message


def _problems(funding: Any) -> list[tuple[str, str]]:
    document = copy.deepcopy(VALID)
    document["funding"] = funding
    with pytest.raises(PackError) as caught:
        load_pack(yaml.safe_dump(document, sort_keys=False))
    return [(problem.path, problem.message) for problem in caught.value.problems]


def test_a_malformed_funding_rule_names_its_path_and_what_was_expected() -> None:
    problems = _problems(
        {
            "foreign_sponsorship": {"items": "travel"},
            "prohibited": [
                {"items": ["cash"], "payer_countries": ["@ALIENS", "cn"]},
                {"items": ["gift"]},
            ],
            "allowed": [],
        }
    )

    assert problems == [
        (
            "funding.foreign_sponsorship.items",
            "expected a list of funded items: travel, lodging, honorarium, gift, other, "
            "got 'travel'",
        ),
        (
            "funding.prohibited[0].items[0]",
            "expected a funded item: travel, lodging, honorarium, gift or other, got 'cash'",
        ),
        (
            "funding.prohibited[0].payer_countries[0]",
            "unknown group '@ALIENS'; known groups: @ALLIES_NO_TURKEY, @AUKUS, @EU, "
            "@FIVE_EYES, @NATO, @QUAD, @RIO_TREATY, @US_AND_ALLIES, @US_MNNA, @US_TREATY_ALLIES",
        ),
        (
            "funding.prohibited[0].payer_countries[1]",
            "country codes are upper case: write 'CN', not 'cn'",
        ),
        (
            "funding.prohibited[1].payer_countries",
            "missing required key; expected a list of country codes ('FR') and group "
            "references ('@NATO')",
        ),
        (
            "funding.allowed",
            "unknown key 'allowed'; expected one of: foreign_sponsorship, prohibited",
        ),
    ]


def test_a_changed_reason_is_the_same_rules_a_changed_country_is_not() -> None:
    document = copy.deepcopy(VALID)
    document["funding"] = {
        "prohibited": [{"items": ["gift"], "payer_countries": ["CN"], "reason": "Old words."}]
    }
    before = yaml.safe_dump(document, sort_keys=False)
    document["funding"]["prohibited"][0]["reason"] = {"en": "New words.", "zh-hans": "新的说明。"}
    reworded = yaml.safe_dump(document, sort_keys=False)
    document["funding"]["prohibited"][0]["payer_countries"] = ["RU"]

    assert same_rules(before, reworded)
    assert not same_rules(before, yaml.safe_dump(document, sort_keys=False))
