"""The links Sojourn writes follow SOJOURN_BASE_URL when it is set; unset, they follow the
address being served: the request's on a page, and `sojourn serve --port`'s in what the web
processes and the worker it starts write without a request (emails)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management.base import OutputWrapper
from django.test import Client, RequestFactory

from sojourn.conf import addresses
from sojourn.conf.addresses import base_url, mail_domain
from sojourn.conftest import Cast
from sojourn.demo.management.commands.serve import check_options, follow_served_address
from sojourn.security import tokens
from sojourn.testing import builders


@pytest.fixture
def unset(settings, monkeypatch):
    """No SOJOURN_BASE_URL in the environment, and whatever serve sets undone afterwards."""
    settings.SOJOURN_BASE_URL_SET = False
    settings.SOJOURN_BASE_URL = "http://127.0.0.1:8000"
    monkeypatch.delenv(addresses.SERVED_URL, raising=False)
    monkeypatch.setattr(os, "environ", os.environ.copy())
    return settings


def test_unset_a_page_links_to_the_address_it_was_asked_at(unset):
    request = RequestFactory().get("/account/", HTTP_HOST="127.0.0.1:8931")

    assert base_url(request) == "http://127.0.0.1:8931"
    assert base_url() == "http://127.0.0.1:8000"


def test_set_every_link_follows_the_setting(settings):
    settings.SOJOURN_BASE_URL_SET = True
    settings.SOJOURN_BASE_URL = "https://travel.example.org"
    request = RequestFactory().get("/account/", HTTP_HOST="127.0.0.1:8931")

    assert base_url(request) == base_url() == "https://travel.example.org"
    assert mail_domain() == "travel.example.org"


def test_an_ipv6_host_is_a_domain_literal_in_message_ids(settings):
    settings.SOJOURN_BASE_URL = "http://[::1]:8931"

    assert mail_domain() == "[::1]"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "http://127.0.0.1:8931"),
        ("localhost", "http://localhost:8931"),
        ("0.0.0.0", "http://127.0.0.1:8931"),
        ("::", "http://[::1]:8931"),
        ("::1", "http://[::1]:8931"),
    ],
)
def test_serve_hands_its_address_to_its_processes(unset, host, expected):
    """
    GIVEN no SOJOURN_BASE_URL
    WHEN `sojourn serve --host H --port 8931` starts
    THEN the settings its forked web processes inherit, and the environment the worker it
         starts reads, both say the served address (a wildcard one is reached on loopback)
    """
    options = check_options(host=host, port=8931, workers=1)

    follow_served_address(options, OutputWrapper(StringIO()))

    assert expected == unset.SOJOURN_BASE_URL
    assert os.environ[addresses.SERVED_URL] == expected


def test_serve_leaves_a_set_base_url_alone(settings, monkeypatch):
    settings.SOJOURN_BASE_URL_SET = True
    settings.SOJOURN_BASE_URL = "https://travel.example.org"
    monkeypatch.setattr(os, "environ", os.environ.copy())
    monkeypatch.delenv(addresses.SERVED_URL, raising=False)

    options = check_options(host="127.0.0.1", port=8931, workers=1)

    follow_served_address(options, OutputWrapper(StringIO()))

    assert settings.SOJOURN_BASE_URL == "https://travel.example.org"
    assert addresses.SERVED_URL not in os.environ


def test_the_worker_started_by_serve_reads_the_served_address():
    """The variable serve sets is what a new process's settings read."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SOJOURN_")}
    env |= {
        addresses.SERVED_URL: "http://127.0.0.1:8931",
        "DJANGO_SETTINGS_MODULE": "sojourn.settings",
    }
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SOJOURN_BASE_URL)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert printed.strip() == "http://127.0.0.1:8931"


def test_a_feeds_links_follow_the_address_it_was_polled_at(unset, cast: Cast, now) -> None:
    """GIVEN no SOJOURN_BASE_URL WHEN a calendar program polls the feed on port 8931 THEN the
    links of its events point at port 8931."""
    trip = builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Workshop in Berlin", country="DE")
    )
    secret = tokens.rotate_feed_secret(user=cast.traveller, now=now)

    feed = Client().get(f"/feeds/{secret}/trips.ics", HTTP_HOST="127.0.0.1:8931")

    assert feed.status_code == 200
    unfolded = feed.content.replace(b"\r\n ", b"").decode()
    assert f"URL:http://127.0.0.1:8931/trips/{trip.pk}/" in unfolded
    assert "127.0.0.1:8000" not in unfolded


def test_the_calendar_address_on_the_account_page_follows_the_served_port(
    unset, client: Client, cast: Cast
):
    """
    GIVEN no SOJOURN_BASE_URL and Sojourn reached on port 8931
    WHEN a traveller makes their calendar address
    THEN the address shown points at port 8931, not 8000
    """
    client.force_login(cast.traveller)

    page = client.post("/account/feed/", HTTP_HOST="127.0.0.1:8931").content.decode()

    found = re.search(r'id="new-feed-url" type="url" readonly value="([^"]+)"', page)
    assert found is not None
    assert found.group(1).startswith("http://127.0.0.1:8931/feeds/")
