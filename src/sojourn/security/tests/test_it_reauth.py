"""Sensitive actions need a proof of identity from the last ten minutes."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sojourn.audit.models import AuditEvent
from sojourn.conftest import PASSWORD
from sojourn.security import mfa
from sojourn.security.tests.test_it_mfa import code_for, enrol, sign_in


def later(monkeypatch, minutes: int) -> None:
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def signed_in_with_code(user) -> Client:
    device = mfa.authenticator(user)
    assert device is not None
    client = sign_in(user)
    assert client.post("/login/verify/", {"code": code_for(device), "next": "/"})["Location"] == "/"
    return client


def test_right_after_sign_in_no_second_proof_is_asked(cast):
    enrol(cast.traveller)
    client = signed_in_with_code(cast.traveller)
    response = client.post("/account/mfa/remove/")
    assert response["Location"] == "/account/mfa/"
    assert mfa.authenticator(cast.traveller) is None


def test_eleven_minutes_later_the_password_is_asked_again(cast, monkeypatch):
    """GIVEN a traveller signed in 11 minutes ago WHEN they turn off two-factor sign-in
    THEN they are asked to confirm it is them, and after the password it works."""
    enrol(cast.traveller)
    client = signed_in_with_code(cast.traveller)
    later(monkeypatch, 11)

    response = client.post(
        "/account/mfa/remove/", headers={"Referer": "http://testserver/account/mfa/"}
    )
    assert response["Location"] == "/account/confirm/?next=%2Faccount%2Fmfa%2F"
    assert mfa.authenticator(cast.traveller) is not None

    wrong = client.post("/account/confirm/", {"secret": "not-my-password", "next": "/account/mfa/"})
    assert "That is not your password" in wrong.content.decode()
    right = client.post("/account/confirm/", {"secret": PASSWORD, "next": "/account/mfa/"})
    assert right["Location"] == "/account/mfa/"

    assert client.post("/account/mfa/remove/")["Location"] == "/account/mfa/"
    assert mfa.authenticator(cast.traveller) is None
    assert AuditEvent.objects.filter(action="mfa.removed").count() == 1


def test_a_current_code_also_proves_it(cast, monkeypatch, settings):
    settings.SOJOURN_MFA = "roles"
    device, _ = enrol(cast.officer)
    client = signed_in_with_code(cast.officer)
    later(monkeypatch, 11)
    assert client.post("/account/mfa/recovery-codes/")["Location"].startswith("/account/confirm/")

    # The code used at sign-in cannot be used again; wait for the next time step's code.
    # The test cannot wait 30 s for the next code: pretend the sign-in was a time step ago.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=F("last_t") - 1)
    device.refresh_from_db()
    answer = client.post("/account/confirm/", {"secret": code_for(device), "next": "/account/mfa/"})
    assert answer["Location"] == "/account/mfa/"
