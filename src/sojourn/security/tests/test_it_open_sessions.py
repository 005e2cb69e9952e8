"""A person sees the browsers signed in to their account and can end any of them."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.conftest import PASSWORD
from sojourn.security.models import UserSession


def sign_in(user, address: str, agent: str) -> Client:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_each_sign_in_is_listed_with_its_address_and_browser(cast):
    laptop = sign_in(cast.officer, "10.2.0.1", "Laptop Firefox")
    sign_in(cast.officer, "10.2.0.2", "Phone Safari")

    page = laptop.get("/account/sessions/").content.decode()

    assert "10.2.0.1" in page
    assert "10.2.0.2" in page
    assert "Phone Safari" in page
    assert page.count("This browser") == 1


def test_ending_another_session_signs_that_browser_out(cast):
    """GIVEN an officer signed in on a laptop and a phone WHEN they end the phone's session
    from the laptop THEN the phone must sign in again, and the laptop stays."""
    laptop = sign_in(cast.officer, "10.2.0.1", "Laptop")
    phone = sign_in(cast.officer, "10.2.0.2", "Phone")
    phone_row = UserSession.objects.get(client="10.2.0.2")

    response = laptop.post(f"/account/sessions/{phone_row.pk}/end/")

    assert response["Location"] == "/account/sessions/"
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 200
    assert not Session.objects.filter(session_key=phone_row.session_key).exists()
    assert AuditEvent.objects.filter(action="session.ended", actor=cast.officer).count() == 1


def test_another_persons_session_is_a_404(cast):
    sign_in(cast.officer, "10.2.0.1", "Laptop")
    theirs = UserSession.objects.get(user=cast.officer)
    intruder = sign_in(cast.traveller, "10.2.0.3", "Other")

    assert intruder.post(f"/account/sessions/{theirs.pk}/end/").status_code == 404
    assert Session.objects.filter(session_key=theirs.session_key).exists()


def test_signing_out_forgets_the_session(cast):
    client = sign_in(cast.traveller, "10.2.0.4", "Laptop")
    assert UserSession.objects.filter(user=cast.traveller).count() == 1
    client.post("/logout/")
    assert not UserSession.objects.filter(user=cast.traveller).exists()


def test_expired_sessions_drop_off_the_list(cast):
    client = sign_in(cast.traveller, "10.2.0.5", "Laptop")
    gone = sign_in(cast.traveller, "10.2.0.6", "Old")
    Session.objects.filter(session_key=gone.session.session_key).delete()

    page = client.get("/account/sessions/").content.decode()

    assert "10.2.0.6" not in page
    assert UserSession.objects.filter(user=cast.traveller).count() == 1
