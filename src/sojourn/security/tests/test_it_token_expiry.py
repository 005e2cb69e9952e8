"""API tokens expire: after SOJOURN_TOKEN_DAYS (90) unless their creator names another number
of days, never beyond SOJOURN_TOKEN_MAX_DAYS; the account page, `sojourn token create` and the
API hold to it, and a bad setting stops start-up naming the variable."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from sojourn.api.tests import conftest as api
from sojourn.api.tests.conftest import ApiClient
from sojourn.conf.errors import InvalidInput
from sojourn.conf.tests.test_settings import _settings
from sojourn.conftest import Cast
from sojourn.security import tokens
from sojourn.security.models import AccessToken

api_clock = api.api_clock
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _limits(settings) -> None:
    settings.SOJOURN_TOKEN_DAYS = 90
    settings.SOJOURN_TOKEN_MAX_DAYS = 365


def make(cast: Cast, now: datetime.datetime, days: int | None = None) -> tokens.NewToken:
    return tokens.create_token(
        actor=cast.traveller,
        user=cast.traveller,
        name="HR sync",
        scope="read",
        now=now,
        expires_days=days,
    )


def test_a_token_made_without_days_expires_after_the_default(cast: Cast, now) -> None:
    made = make(cast, now)

    assert made.token.expires_at == now + 90 * DAY


def test_the_creator_chooses_up_to_the_maximum_and_no_further(cast: Cast, now) -> None:
    assert make(cast, now, 365).token.expires_at == now + 365 * DAY
    assert make(cast, now, 7).token.expires_at == now + 7 * DAY

    with pytest.raises(InvalidInput) as refused:
        make(cast, now, 366)

    assert refused.value.errors == {"expires_days": "Give a number of days from 1 to 365."}


def test_the_settings_set_the_default_and_the_maximum(cast: Cast, now, settings) -> None:
    settings.SOJOURN_TOKEN_DAYS = 30
    settings.SOJOURN_TOKEN_MAX_DAYS = 60

    assert make(cast, now).token.expires_at == now + 30 * DAY
    with pytest.raises(InvalidInput):
        make(cast, now, 61)


def test_the_api_refuses_a_default_token_once_its_days_are_over(cast: Cast, now, api_clock) -> None:
    """GIVEN a token made with the default days WHEN it calls the API on its last day and the
    day after THEN the first answers 200, the second 401."""
    secret = make(cast, now).secret

    api_clock(now + 90 * DAY - datetime.timedelta(seconds=1))
    assert ApiClient(secret).get("me").status == 200
    api_clock(now + 90 * DAY)
    assert ApiClient(secret).get("me").status == 401


def test_the_account_page_offers_the_default_and_holds_the_maximum(
    client: Client, cast: Cast, now, view_clock
) -> None:
    """GIVEN the account page WHEN a token is made with the days left empty THEN it expires
    after the default; the field says the default and the maximum and its input stops there."""
    view_clock(now)
    client.force_login(cast.traveller)

    page = client.get("/account/").content.decode()
    made = client.post(
        "/account/tokens/",
        {"token-name": "HR sync", "token-scope": "read", "token-expires_days": ""},
    )

    assert "Leave empty for 90 days. At most 365 days; make a new token then." in page
    assert re.search(r'<input type="number" name="token-expires_days"[^>]* max="365"', page)
    assert made.status_code == 200
    assert AccessToken.objects.get().expires_at == now + 90 * DAY


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SOJOURN_TOKEN_DAYS": "0"}, "SOJOURN_TOKEN_DAYS must be"),
        ({"SOJOURN_TOKEN_DAYS": "ninety"}, "SOJOURN_TOKEN_DAYS must be a whole number"),
        ({"SOJOURN_TOKEN_MAX_DAYS": "4000"}, "SOJOURN_TOKEN_MAX_DAYS must be"),
        (
            {"SOJOURN_TOKEN_DAYS": "400"},
            "SOJOURN_TOKEN_DAYS must be at most SOJOURN_TOKEN_MAX_DAYS (365), got 400.",
        ),
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_variable(tmp_path, env, message) -> None:
    result = _settings(SOJOURN_VAR_DIR=str(tmp_path), **env)

    assert result.returncode != 0
    assert message in result.stderr
