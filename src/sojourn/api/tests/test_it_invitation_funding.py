"""Who pays for what, through the API: an invitation's funding and inviter recorded and read
back, its pre-assessment judged under the university's pack, and bad funding named by field."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User

from sojourn.people.models import Organisation
from sojourn.testing import builders
from sojourn.trips.models import Invitation

DAY = datetime.timedelta(days=1)


@pytest.fixture
def researcher(db: None) -> User:
    university = Organisation.objects.create(
        name="State University",
        slug="state-u",
        sectors=["academia"],
        home_country="US",
        time_zone="America/Chicago",
        policy_pack="research-security",
    )
    return builders.traveller("researcher", organisation=university)


def body(now: datetime.datetime, *funding: dict[str, str], **changes: Any) -> dict[str, Any]:
    return {
        "event": "Symposium on embodied AI",
        "host_organisation": "Max Planck Society",
        "inviter_name": "Dr. Anna Weber",
        "inviter_organisation": "Humboldt Foundation",
        "country": "DE",
        "city": "Tübingen",
        "starts_on": (now.date() + 50 * DAY).isoformat(),
        "ends_on": (now.date() + 52 * DAY).isoformat(),
        "paid_by": "host",
        "funding": list(funding),
        **changes,
    }


TRAVEL = {"item": "travel", "paid_by": "host", "payer_country": "DE"}
HONORARIUM = {
    "item": "honorarium",
    "paid_by": "third_party",
    "payer_name": "Humboldt Foundation",
    "payer_country": "DE",
    "value": "EUR 1,500",
}


def test_funding_and_inviter_are_recorded_and_the_sponsorship_is_a_finding(
    researcher, api_for, api_clock, now
):
    """GIVEN a university researcher invited to Tübingen, the host paying the flights and a
    foundation the honorarium WHEN they post the invitation THEN who pays for what comes back,
    the host named after itself, and the pre-assessment finds foreign sponsorship for review."""
    answer = api_for(researcher).post("invitations", body(now, HONORARIUM, TRAVEL))

    assert answer.status == 201, answer.json
    got = answer.json
    assert (got["inviter_name"], got["inviter_organisation"]) == (
        "Dr. Anna Weber",
        "Humboldt Foundation",
    )
    assert got["funding"] == [
        {
            "item": "travel",
            "paid_by": "host",
            "payer_name": "Max Planck Society",
            "payer_country": "DE",
            "value": "",
        },
        {
            "item": "honorarium",
            "paid_by": "third_party",
            "payer_name": "Humboldt Foundation",
            "payer_country": "DE",
            "value": "EUR 1,500",
        },
    ]
    assessment = got["pre_assessment"]
    assert assessment["policy"] == "research-security@2"
    assert assessment["route"] == "review"
    (finding,) = assessment["findings"]
    assert finding["code"] == "foreign_sponsorship"
    assert finding["rule"] == "research-security@2:funding.foreign_sponsorship"
    assert [row["item"] for row in finding["params"]["funding"]] == ["travel", "honorarium"]
    read = api_for(researcher).get(f"invitations/{got['id']}").json
    assert read["funding"] == got["funding"]


def test_a_gift_from_a_country_of_concern_is_refused_by_policy_in_chinese_too(
    researcher, api_for, api_clock, now
):
    gift = {"item": "gift", "paid_by": "host", "payer_name": "Zhejiang Lab", "payer_country": "CN"}

    answer = api_for(researcher).post(
        "invitations", body(now, gift), headers={"Accept-Language": "zh-hans"}
    )

    assert answer.status == 201, answer.json
    assessment = answer.json["pre_assessment"]
    assert assessment["route"] == "deny"
    prohibited = assessment["findings"][0]
    assert prohibited["code"] == "prohibited_funding"
    assert prohibited["message"].startswith("政策禁止：礼品由Zhejiang Lab（中国（CN））支付。")


@pytest.mark.parametrize(
    ("funding", "field"),
    [
        ({"item": "cash", "paid_by": "host", "payer_country": "FR"}, "funding[0].item"),
        ({"item": "gift", "paid_by": "friend"}, "funding[0].paid_by"),
        ({"item": "gift", "paid_by": "host"}, "funding[0].payer_country"),
        ({"item": "gift", "paid_by": "host", "payer_country": "ZZ"}, "funding[0].payer_country"),
        (
            {"item": "gift", "paid_by": "third_party", "payer_country": "FR"},
            "funding[0].payer_name",
        ),
        ({"item": "gift", "paid_by": "self", "value": "x" * 201}, "funding[0].value"),
        ({"item": "gift", "paid_by": "self", "amount": 3}, "funding[0].amount"),
    ],
)
def test_bad_funding_is_a_422_naming_the_field(researcher, api_for, api_clock, now, funding, field):
    answer = api_for(researcher).post("invitations", body(now, funding))

    assert answer.status == 422
    assert answer.content_type == "application/problem+json"
    assert field in answer.problem_fields
    assert not Invitation.objects.exists()


def test_an_item_stated_twice_is_named(researcher, api_for, api_clock, now):
    twice = {"item": "travel", "paid_by": "employer"}

    answer = api_for(researcher).post("invitations", body(now, TRAVEL, twice))

    assert answer.status == 422
    assert set(answer.problem_fields) == {"funding[1].item"}
