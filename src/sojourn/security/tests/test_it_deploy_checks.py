"""`sojourn check --deploy` refuses a production that would send mail or links in the clear."""

from __future__ import annotations

import pytest
from django.core import checks

PRODUCTION = {
    "PRODUCTION": True,
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_USE_TLS": False,
    "SOJOURN_BASE_URL": "https://travel.example.org",
    "SOJOURN_BASE_URL_SET": True,
}


def deploy_errors() -> set[str]:
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    return {message.id for message in found if message.level >= checks.ERROR and message.id}


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    return settings


def test_a_production_with_local_mail_and_an_https_base_url_passes(production) -> None:
    assert not deploy_errors() & {"sojourn.E001", "sojourn.E002"}


@pytest.mark.parametrize("host", ["smtp.example.org", "192.0.2.25", "10.0.0.5"])
def test_a_distant_smtp_server_without_tls_is_refused(production, host: str) -> None:
    production.EMAIL_HOST = host

    assert "sojourn.E001" in deploy_errors()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1", "[::1]"])
def test_a_loopback_relay_needs_no_tls(production, host: str) -> None:
    production.EMAIL_HOST = host

    assert "sojourn.E001" not in deploy_errors()


def test_a_distant_smtp_server_with_tls_passes(production) -> None:
    production.EMAIL_HOST = "smtp.example.org"
    production.EMAIL_USE_TLS = True

    assert "sojourn.E001" not in deploy_errors()


@pytest.mark.parametrize(
    ("url", "is_set"),
    [("http://travel.example.org", True), ("http://127.0.0.1:8000", False)],
)
def test_a_base_url_that_is_not_https_is_refused(production, url: str, is_set: bool) -> None:
    production.SOJOURN_BASE_URL = url
    production.SOJOURN_BASE_URL_SET = is_set

    assert "sojourn.E002" in deploy_errors()


def test_the_local_default_is_not_held_to_production(settings) -> None:
    settings.PRODUCTION = False
    settings.EMAIL_HOST = "smtp.example.org"
    settings.SOJOURN_BASE_URL = "http://127.0.0.1:8000"

    assert not deploy_errors() & {"sojourn.E001", "sojourn.E002"}
