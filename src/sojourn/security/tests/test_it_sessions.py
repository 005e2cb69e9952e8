"""Sessions end after 30 idle minutes, 12 hours after sign-in, and at logout, server-side."""

from __future__ import annotations

import datetime

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from sojourn.conftest import PASSWORD
from sojourn.security.sessions import SIGNED_IN_AT


def _signed_in(user) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_sign_in_gives_a_new_session_id(cast):
    client = Client()
    client.get("/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    client.post("/login/", {"username": "traveller", "password": PASSWORD})
    assert client.cookies["sessionid"].value != "attacker-chosen-session-id"
    assert client.get("/").status_code == 200


def _active_until(client: Client, monkeypatch, start: datetime.datetime, hours: float) -> None:
    """A page every 20 minutes from `start` for `hours`: never idle for 30 minutes."""
    moment = start
    while moment < start + datetime.timedelta(hours=hours):
        moment += datetime.timedelta(minutes=20)
        monkeypatch.setattr(timezone, "now", lambda at=moment: at)
        assert client.get("/").status_code == 200, moment


def test_a_busy_session_lasts_until_twelve_hours_after_sign_in(cast, monkeypatch):
    """GIVEN a signed-in officer who opens a page every 20 minutes
    WHEN 12 hours and a second have passed since sign-in
    THEN the next page asks them to sign in again."""
    signed_in = timezone.now()
    client = _signed_in(cast.officer)
    _active_until(client, monkeypatch, signed_in, hours=11.5)
    later = signed_in + datetime.timedelta(hours=12, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_session_left_alone_for_thirty_minutes_ends(cast, monkeypatch):
    client = _signed_in(cast.officer)
    later = timezone.now() + datetime.timedelta(minutes=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get("/").status_code == 302


def test_logout_ends_the_session_on_the_server(cast):
    client = _signed_in(cast.traveller)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post("/logout/")
    assert not Session.objects.filter(session_key=key).exists()


def test_disabling_a_user_ends_their_sessions(cast):
    client = _signed_in(cast.traveller)
    cast.traveller.is_active = False
    cast.traveller.save()
    assert client.get("/").status_code == 302


def test_a_password_change_ends_the_other_sessions(cast):
    phone = _signed_in(cast.traveller)
    cast.traveller.set_password("another-long-passphrase-2026")
    cast.traveller.save()
    assert phone.get("/").status_code == 302


def test_sign_in_time_is_recorded(cast):
    client = _signed_in(cast.traveller)
    assert isinstance(client.session[SIGNED_IN_AT], float)
