"""Changing one's password revokes what the old password could have made: every live API token
and the calendar address. The page lists them, and the change waits for a confirmation."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from sojourn.audit.models import AuditEvent
from sojourn.conftest import PASSWORD, Cast
from sojourn.security import tokens
from sojourn.security.models import AccessToken, FeedSecret

URL = "/account/password/"
NEW = "a-new-and-longer-passphrase-7"
CHANGE = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}


def holding(cast: Cast) -> tuple[tokens.NewToken, str]:
    now = timezone.now()
    made = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name="HR sync", scope="write", now=now
    )
    return made, tokens.rotate_feed_secret(user=cast.traveller, now=now)


def test_the_page_lists_what_the_change_revokes(client: Client, cast: Cast) -> None:
    made, _feed = holding(cast)
    client.force_login(cast.traveller)

    content = client.get(URL).content.decode()

    assert "also revokes what the old password could have made" in content
    assert f"the API token “HR sync” (<code>{made.token.prefix}…</code>)" in content
    assert "your calendar address" in content
    assert 'name="revoke"' in content


def test_without_the_confirmation_nothing_changes(client: Client, cast: Cast) -> None:
    made, secret = holding(cast)
    client.force_login(cast.traveller)

    response = client.post(URL, CHANGE)

    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    cast.traveller.refresh_from_db()
    assert cast.traveller.check_password(PASSWORD)
    assert tokens.authenticate(made.secret, now=timezone.now()) is not None
    assert Client().get(f"/feeds/{secret}/trips.ics").status_code == 200


def test_a_confirmed_change_revokes_the_tokens_and_the_calendar_address(
    client: Client, cast: Cast
) -> None:
    """GIVEN a traveller with a write token and a calendar address
    WHEN they change their password and confirm
    THEN the token no longer calls the API, the address answers 404, and the trail says so."""
    made, secret = holding(cast)
    other = tokens.create_token(
        actor=cast.colleague, user=cast.colleague, name="Hers", scope="read", now=timezone.now()
    )
    client.force_login(cast.traveller)

    response = client.post(URL, {**CHANGE, "revoke": "on"}, follow=True)

    assert response.redirect_chain == [("/account/password/done/", 302)]
    assert "Revoked with the old password: 1 API tokens" in response.content.decode()
    cast.traveller.refresh_from_db()
    assert cast.traveller.check_password(NEW)
    assert tokens.authenticate(made.secret, now=timezone.now()) is None
    assert Client().get(f"/feeds/{secret}/trips.ics").status_code == 404
    assert not FeedSecret.objects.filter(user=cast.traveller).exists()
    assert tokens.authenticate(other.secret, now=timezone.now()) is not None
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1
    assert AuditEvent.objects.filter(action="feed.revoked").count() == 1
    assert AccessToken.objects.get(pk=made.token.pk).revoked_at is not None


def test_with_nothing_to_revoke_no_confirmation_is_asked(client: Client, cast: Cast) -> None:
    client.force_login(cast.traveller)

    assert 'name="revoke"' not in client.get(URL).content.decode()
    response = client.post(URL, CHANGE)

    assert response.status_code == 302


def test_a_password_set_anywhere_else_revokes_them_too(cast: Cast) -> None:
    """GIVEN a token and a calendar address WHEN an administrator (or `sojourn changepassword`)
    sets a new password THEN both are revoked, as from the account page."""
    made, secret = holding(cast)

    cast.traveller.set_password(NEW)
    cast.traveller.save()

    assert tokens.authenticate(made.secret, now=timezone.now()) is None
    assert Client().get(f"/feeds/{secret}/trips.ics").status_code == 404


def test_a_hash_upgraded_at_sign_in_revokes_nothing(cast: Cast, settings) -> None:
    """GIVEN a password stored with an older hasher WHEN the person signs in and Django stores
    the same password with the stronger one THEN their token and address still work."""
    made, secret = holding(cast)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    before = cast.traveller.password

    signed_in = Client().post("/login/", {"username": "traveller", "password": PASSWORD})

    assert signed_in.status_code == 302
    cast.traveller.refresh_from_db()
    assert cast.traveller.password != before  # upgraded
    assert tokens.authenticate(made.secret, now=timezone.now()) is not None
    assert Client().get(f"/feeds/{secret}/trips.ics").status_code == 200
