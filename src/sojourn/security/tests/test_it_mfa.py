"""Two-factor sign-in: required for privileged roles, TOTP without replay, recovery codes once."""

from __future__ import annotations

import re

import pytest
from django.db.models import F
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sojourn.audit.models import AuditEvent
from sojourn.conftest import PASSWORD
from sojourn.security import mfa


@pytest.fixture
def enforced(settings) -> None:
    settings.SOJOURN_MFA = "roles"


def code_for(device: TOTPDevice) -> str:
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


def after_the_throttle_delay(device: TOTPDevice) -> None:
    """django-otp pauses a device for a second after a wrong code; the test does not wait."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )


def sign_in(user, address: str = "10.1.0.1") -> Client:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = mfa.pending_authenticator(user)
    codes = mfa.confirm(user, device, code_for(device), now=device.created_at)
    assert codes is not None
    # As if the setup was a time step ago, so the test may use the current code once more.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=F("last_t") - 1)
    device.refresh_from_db()
    return device, codes


def test_an_officer_without_an_authenticator_must_set_one_up(cast, enforced):
    """GIVEN MFA enforced for roles WHEN an officer signs in with only a password
    THEN every page leads to the setup page, and the setup proves the app before it counts."""
    client = sign_in(cast.officer)

    response = client.get("/review/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/mfa/setup/")

    page = client.get("/account/mfa/setup/")
    content = page.content.decode()
    assert "<svg" in content
    assert 'style="' not in content.split("<svg", 1)[1].split("</svg>", 1)[0]
    device = TOTPDevice.objects.get(user=cast.officer, confirmed=False)

    wrong = client.post("/account/mfa/setup/", {"code": "000000"})
    assert "That code does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.officer, confirmed=True).exists()
    after_the_throttle_delay(device)

    done = client.post("/account/mfa/setup/", {"code": code_for(device)})
    codes = re.findall(r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/review/").status_code == 200
    assert AuditEvent.objects.filter(action="mfa.enrolled", actor=cast.officer).count() == 1


def test_recovery_codes_are_stored_as_digests(cast, enforced):
    _device, codes = enrol(cast.officer)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c.replace("-", "") for c in codes}
    assert not stored & set(codes)


def test_a_traveller_is_not_forced_unless_everyone_is(cast, settings):
    settings.SOJOURN_MFA = "roles"
    assert sign_in(cast.traveller).get("/").status_code == 200
    settings.SOJOURN_MFA = "everyone"
    response = sign_in(cast.traveller, "10.1.0.2").get("/")
    assert response["Location"].startswith("/account/mfa/setup/")


def test_with_an_authenticator_the_code_is_asked_after_the_password(cast, enforced):
    device, _codes = enrol(cast.auditor)
    client = sign_in(cast.auditor)

    response = client.get("/audit/")
    assert response["Location"] == "/login/verify/?next=%2Faudit%2F"
    wrong = client.post("/login/verify/", {"code": "123456", "next": "/audit/"})
    assert "That code is not right" in wrong.content.decode()
    after_the_throttle_delay(device)

    right = client.post("/login/verify/", {"code": code_for(device), "next": "/audit/"})
    assert right["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    assert AuditEvent.objects.filter(action="mfa.failed", actor=cast.auditor).count() == 1
    assert AuditEvent.objects.filter(action="mfa.verified", actor=cast.auditor).count() == 1


def test_a_code_cannot_be_replayed(cast, enforced):
    """GIVEN a code used to sign in WHEN someone who saw it uses it in another session
    THEN it is refused."""
    device, _codes = enrol(cast.oversight)
    code = code_for(device)
    first = sign_in(cast.oversight, "10.1.0.3")
    assert first.post("/login/verify/", {"code": code, "next": "/"})["Location"] == "/"

    thief = sign_in(cast.oversight, "10.1.0.4")
    replay = thief.post("/login/verify/", {"code": code, "next": "/"})
    assert replay.status_code == 200
    assert thief.get("/")["Location"].startswith("/login/verify/")


def test_a_recovery_code_works_once(cast, enforced):
    _device, codes = enrol(cast.officer)
    client = sign_in(cast.officer)
    assert client.post("/login/verify/", {"code": codes[0], "next": "/"})["Location"] == "/"
    assert mfa.recovery_codes_left(cast.officer) == 9

    again = sign_in(cast.officer, "10.1.0.5")
    assert again.post("/login/verify/", {"code": codes[0], "next": "/"}).status_code == 200
    assert again.get("/")["Location"].startswith("/login/verify/")
    assert AuditEvent.objects.filter(action="mfa.recovery_code_used").count() == 1


def test_verify_refuses_an_outside_next(cast, enforced):
    device, _codes = enrol(cast.officer)
    client = sign_in(cast.officer)
    response = client.post(
        "/login/verify/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_login_page_says_plainly_when_mfa_is_off(db, settings):
    settings.SOJOURN_MFA = "off"
    assert "Two-factor sign-in is switched off" in Client().get("/login/").content.decode()
    settings.SOJOURN_MFA = "roles"
    assert "Two-factor sign-in is switched off" not in Client().get("/login/").content.decode()


def test_the_mfa_pages_need_a_sign_in(db):
    for path in ("/account/mfa/", "/account/mfa/setup/", "/login/verify/", "/account/confirm/"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
