"""Sensitive actions need a proof of identity from the last ten minutes."""

from __future__ import annotations

import datetime
import re

from django.db.models import F
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sojourn.audit.models import AuditEvent
from sojourn.conftest import PASSWORD
from sojourn.conftest import TEST_PACK as TEST_PACK_PATH
from sojourn.directives.models import Directive
from sojourn.security import mfa
from sojourn.security.models import AccessToken
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
    THEN they are asked to confirm it is them, and confirming performs the action."""
    enrol(cast.traveller)
    client = signed_in_with_code(cast.traveller)
    later(monkeypatch, 11)

    asked = client.post("/account/mfa/remove/")
    assert asked.status_code == 403
    assert 'name="sojourn_reauth_secret"' in asked.content.decode()
    assert mfa.authenticator(cast.traveller) is not None

    wrong = client.post("/account/mfa/remove/", {"sojourn_reauth_secret": "not-my-password"})
    assert wrong.status_code == 403
    assert "That is not your password" in wrong.content.decode()
    assert mfa.authenticator(cast.traveller) is not None

    right = client.post("/account/mfa/remove/", {"sojourn_reauth_secret": PASSWORD})
    assert right["Location"] == "/account/mfa/"
    assert mfa.authenticator(cast.traveller) is None
    assert AuditEvent.objects.filter(action="mfa.removed").count() == 1


def test_the_confirmation_page_proves_it_for_ten_minutes(cast, monkeypatch):
    client = sign_in(cast.traveller)
    later(monkeypatch, 11)
    assert client.post("/account/confirm/", {"secret": PASSWORD, "next": "/"})["Location"] == "/"
    assert reauth_fresh(client)
    enrol(cast.traveller)
    # Fresh now: a sensitive action goes straight through.
    assert client.post("/account/mfa/remove/")["Location"] == "/account/mfa/"


def reauth_fresh(client: Client) -> bool:
    from sojourn.security.reauth import PROVED_AT

    return PROVED_AT in client.session


def test_a_current_code_also_proves_it(cast, monkeypatch, settings):
    settings.SOJOURN_MFA = "roles"
    device, _ = enrol(cast.officer)
    client = signed_in_with_code(cast.officer)
    later(monkeypatch, 11)
    assert client.post("/account/mfa/recovery-codes/").status_code == 403

    # The code used at sign-in cannot be used again; the test cannot wait 30 s for the next
    # one, so it pretends the sign-in was a time step ago.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=F("last_t") - 1)
    device.refresh_from_db()
    answer = client.post(
        "/account/mfa/recovery-codes/", {"sojourn_reauth_secret": code_for(device)}
    )
    assert answer.status_code == 200
    assert "Your recovery codes" in answer.content.decode()


def test_the_original_submission_is_carried_through_the_confirmation(cast, monkeypatch):
    """GIVEN oversight previewing a policy 11 minutes after sign-in WHEN they issue it
    THEN the confirmation form carries the policy text, and confirming issues it."""
    client = sign_in(cast.oversight)
    later(monkeypatch, 11)
    source = (TEST_PACK_PATH).read_text().replace("version: 1", "version: 7")

    asked = client.post("/policies/new/issue/", {"source": source, "note": "tighter <b>now</b>"})
    assert asked.status_code == 403
    page = asked.content.decode()
    assert 'name="source"' in page
    assert "tighter &lt;b&gt;now&lt;/b&gt;" in page
    assert not Directive.objects.exists()

    done = client.post(
        "/policies/new/issue/",
        {"source": source, "note": "tighter <b>now</b>", "sojourn_reauth_secret": PASSWORD},
    )
    assert done.status_code == 302
    assert Directive.objects.count() == 1


def test_an_export_eleven_minutes_after_sign_in_asks_first_and_comes_back(cast, monkeypatch):
    """GIVEN an officer signed in 11 minutes ago WHEN they download the review queue
    THEN they confirm it is them and land on the same download, filters kept."""
    client = sign_in(cast.officer)
    later(monkeypatch, 11)
    url = "/exports/trips.csv?scope=review&tier=restricted"

    asked = client.get(url)
    assert asked.status_code == 302
    assert asked["Location"] == (
        "/account/confirm/?next=%2Fexports%2Ftrips.csv%3Fscope%3Dreview%26tier%3Drestricted"
    )
    back = client.post("/account/confirm/", {"secret": PASSWORD, "next": url})
    assert back["Location"] == url
    assert client.get(url)["Content-Type"].startswith("text/csv")


def test_creating_a_token_late_is_confirmed_with_the_form_kept(cast, monkeypatch):
    client = sign_in(cast.traveller)
    later(monkeypatch, 11)
    page = client.get("/account/").content.decode()
    once = re.search(r'name="token-once" value="([^"]+)"', page)
    assert once is not None
    fields = {"token-name": "HR sync", "token-scope": "read", "token-once": once[1]}

    asked = client.post("/account/tokens/", fields)
    assert asked.status_code == 403
    assert 'value="HR sync"' in asked.content.decode()
    assert not AccessToken.objects.exists()

    done = client.post("/account/tokens/", {**fields, "sojourn_reauth_secret": PASSWORD})
    assert done.status_code == 200
    assert AccessToken.objects.get().name == "HR sync"
