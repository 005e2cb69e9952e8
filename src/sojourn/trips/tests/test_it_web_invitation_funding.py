"""Who pays for what on an invitation, in the browser: recorded with the inviter, kept as typed
when something is missing, shown on the invitation's page, and judged by the university's pack
(foreign sponsorship; gifts from a country of concern prohibited), in English and Chinese."""

from __future__ import annotations

import datetime
import html

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sojourn.people.models import Organisation
from sojourn.testing import builders
from sojourn.trips.models import Invitation

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def pages_see_now(monkeypatch: pytest.MonkeyPatch, now: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: now)


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


def form(now: datetime.datetime, **changes: str) -> dict[str, str]:
    return {
        "event": "Workshop on robot learning",
        "host_organisation": "Fudan University",
        "inviter_name": "Prof. Li Ming",
        "inviter_organisation": "Shanghai Talent Bureau",
        "country": "DE",
        "city": "Munich",
        "starts_on": (now.date() + 50 * DAY).isoformat(),
        "ends_on": (now.date() + 52 * DAY).isoformat(),
        "paid_by": "host",
        "received_on": now.date().isoformat(),
        "funding-travel-paid_by": "host",
        "funding-travel-payer_country": "CN",
        "funding-lodging-paid_by": "employer",
        "funding-gift-paid_by": "third_party",
        "funding-gift-payer_name": "Shanghai Talent Bureau",
        "funding-gift-payer_country": "CN",
        "funding-gift-value": "a tablet",
        **changes,
    }


def test_who_pays_for_what_is_recorded_shown_and_judged(
    client: Client, researcher: User, now: datetime.datetime
) -> None:
    """GIVEN a university researcher invited to Munich by a Chinese host that pays the flights
    and a talent bureau that offers a tablet
    WHEN they record the invitation
    THEN who pays for what is stored, the page names the inviter and each payer, and the
    pre-assessment prohibits the funding from a country of concern and flags the sponsorship."""
    client.force_login(researcher)

    response = client.post("/invitations/new/", form(now))

    invitation = Invitation.objects.get()
    assert response["Location"] == f"/invitations/{invitation.pk}/"
    assert (invitation.inviter_name, invitation.inviter_organisation) == (
        "Prof. Li Ming",
        "Shanghai Talent Bureau",
    )
    assert invitation.funding == [
        {
            "item": "travel",
            "paid_by": "host",
            "payer_name": "Fudan University",
            "payer_country": "CN",
            "value": "",
        },
        {
            "item": "lodging",
            "paid_by": "employer",
            "payer_name": "",
            "payer_country": "",
            "value": "",
        },
        {
            "item": "gift",
            "paid_by": "third_party",
            "payer_name": "Shanghai Talent Bureau",
            "payer_country": "CN",
            "value": "a tablet",
        },
    ]
    assert invitation.pre_assessment is not None
    assert invitation.pre_assessment["route"] == "deny"
    content = html.unescape(client.get(response["Location"]).content.decode())
    assert "Prof. Li Ming, Shanghai Talent Bureau" in content
    assert "<li>Travel paid by Fudan University, China (CN)</li>" in content
    assert "<li>Lodging: My organisation</li>" in content
    assert "<li>Gifts (a tablet) paid by Shanghai Talent Bureau, China (CN)</li>" in content
    assert "<code>prohibited_funding</code>" in content
    assert "<code>research-security@2:funding.prohibited[0]</code>" in content
    assert "<code>foreign_sponsorship</code>" in content
    assert "Paid for from outside United States (US): Travel paid by Fudan University" in content
    assert "Decline what is offered, or the invitation." in content


def test_a_third_party_without_a_name_keeps_everything_typed(
    client: Client, researcher: User, now: datetime.datetime
) -> None:
    client.force_login(researcher)

    response = client.post(
        "/invitations/new/",
        form(now, **{"funding-gift-payer_name": "", "funding-travel-payer_country": ""}),
    )

    content = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert not Invitation.objects.exists()
    assert "Everything you typed is still here." in content
    assert 'id="id_funding-gift-payer_name_error"' in content
    assert "Name the third party that pays." in content
    assert 'id="id_funding-travel-payer_country_error"' in content
    assert 'value="a tablet"' in content
    assert 'value="Prof. Li Ming"' in content
    assert '<option value="third_party" selected>' in content
    assert '<option value="CN" selected>' in content  # the gift's payer's country


def test_the_page_and_its_findings_in_chinese(
    client: Client, researcher: User, now: datetime.datetime
) -> None:
    client.force_login(researcher)
    client.post("/invitations/new/", form(now))
    invitation = Invitation.objects.get()

    content = html.unescape(
        client.get(
            f"/invitations/{invitation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
        ).content.decode()
    )

    assert "费用由谁承担" in content
    assert "<li>差旅由Fudan University（中国（CN））支付</li>" in content
    assert "<li>礼品（a tablet）由Shanghai Talent Bureau（中国（CN））支付</li>" in content
    assert "<li>住宿：本单位</li>" in content
    assert "政策禁止：差旅由Fudan University（中国（CN））支付" in content
    assert "大学人员不得接受受关注外国机构提供的差旅资助" in content
    assert "请谢绝所提供的资助，或谢绝该邀请。" in content
    assert "由美国（US）以外的一方支付" in content
