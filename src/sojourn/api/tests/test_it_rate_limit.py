"""A rate limit on the API per person: beyond it, 429 problem+json with Retry-After; the next
minute, or another person, is not held back; every server process counts against one budget."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from sojourn.api import rate
from sojourn.api.models import RequestCount
from sojourn.conftest import NOW

LIMIT = 3


@pytest.fixture
def limited(settings):
    settings.SOJOURN_API_REQUESTS_PER_MINUTE = LIMIT


def test_past_the_limit_the_api_answers_429_with_retry_after(
    cast, api_for, api_clock, limited
) -> None:
    """GIVEN a limit of three requests a minute WHEN a fourth comes 20 s into the minute
    THEN it is refused with a problem that says when to come back (in 40 s)."""
    api_clock(NOW + datetime.timedelta(seconds=20))
    api = api_for(cast.traveller)
    for _number in range(LIMIT):
        assert api.get("me").status == 200

    refused = api.get("me")

    assert refused.status == 429
    assert refused.content_type == "application/problem+json"
    assert refused.headers["Retry-After"] == "40"
    assert refused.json["status"] == 429


def test_the_limit_is_per_person_whatever_the_token(cast, api_for, api_clock, limited) -> None:
    first, second = api_for(cast.traveller), api_for(cast.traveller)
    for _number in range(LIMIT):
        assert first.get("me").status == 200

    assert second.get("me").status == 429
    assert api_for(cast.colleague).get("me").status == 200


def test_the_next_minute_starts_a_new_count(cast, api_for, api_clock, limited) -> None:
    api = api_for(cast.traveller)
    for _number in range(LIMIT + 1):
        api.get("me")

    api_clock(NOW + datetime.timedelta(minutes=1))

    assert api.get("me").status == 200


def test_the_api_description_says_when_a_429_comes(cast, api_for) -> None:
    document = api_for(None).get("/api/v1/openapi.json").json
    me = document["paths"]["/api/v1/me"]["get"]["responses"]
    assert "Retry-After" in me["429"]["description"]


def test_server_processes_each_with_its_own_cache_share_one_budget(
    cast, api_for, api_clock, limited
) -> None:
    """GIVEN a person who used the minute's budget through one server process WHEN their next
    request reaches another process, whose cache (Django's in-memory cache is per process) has
    never seen them THEN it is refused all the same: the count is not kept in the cache."""
    first, second = api_for(cast.traveller), api_for(cast.traveller)
    for _number in range(LIMIT):
        assert first.get("me").status == 200

    another_process = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "another-server-process",
        }
    }
    with override_settings(CACHES=another_process):
        assert second.get("me").status == 429


def test_the_worker_forgets_minutes_that_have_passed(cast, api_for, api_clock, limited) -> None:
    api = api_for(cast.traveller)
    api.get("me")
    api_clock(NOW + datetime.timedelta(minutes=1))
    api.get("me")

    rate.forget_old(NOW + datetime.timedelta(minutes=2))

    minute = int(NOW.timestamp()) // rate.MINUTE
    assert list(RequestCount.objects.values_list("minute", "count")) == [(minute + 1, 1)]
