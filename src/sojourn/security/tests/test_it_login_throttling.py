"""Sign-in throttling per account and per address, the same for unknown names, audited."""

from __future__ import annotations

from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.conftest import PASSWORD


def attempt(username: str, password: str, *, address: str = "10.0.0.1", **meta: str) -> int:
    client = Client(REMOTE_ADDR=address, **meta)  # type: ignore[arg-type]
    response = client.post("/login/", {"username": username, "password": password})
    return response.status_code


def test_five_failures_lock_the_account_even_with_the_right_password(cast):
    """GIVEN five wrong passwords for one name WHEN the right one follows
    THEN it is refused with the lockout page for the cool-off time."""
    for number in range(4):
        assert attempt("officer", f"wrong-guess-{number}", address=f"10.0.1.{number}") == 200
    assert attempt("officer", "wrong-guess-5", address="10.0.1.5") == 429

    assert attempt("officer", PASSWORD, address="10.0.2.1") == 429


def test_five_failures_lock_the_address_for_other_names(cast):
    for number in range(5):
        attempt(f"nobody-{number}", "wrong", address="10.0.3.3")

    assert attempt("traveller", PASSWORD, address="10.0.3.3") == 429
    assert attempt("traveller", PASSWORD, address="10.0.3.4") == 302


def test_unknown_names_and_wrong_passwords_look_the_same(cast):
    unknown = Client(REMOTE_ADDR="10.0.4.1").post(
        "/login/", {"username": "no-such-person", "password": "wrong-password-1"}
    )
    wrong = Client(REMOTE_ADDR="10.0.4.2").post(
        "/login/", {"username": "officer", "password": "wrong-password-1"}
    )
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()


def test_a_locked_unknown_name_is_locked_like_a_known_one(cast):
    for number in range(5):
        attempt("no-such-person", "wrong", address=f"10.0.5.{number}")
    assert attempt("no-such-person", "wrong", address="10.0.6.1") == 429


def test_a_forged_forwarded_for_header_gains_nothing_without_trusted_proxies(cast, settings):
    """GIVEN no trusted proxy WHEN an attacker rotates X-Forwarded-For
    THEN the lockout still follows their real address."""
    settings.SOJOURN_TRUSTED_PROXIES = 0
    for number in range(5):
        attempt(
            f"guess-{number}", "wrong", address="10.0.7.7", HTTP_X_FORWARDED_FOR=f"1.2.3.{number}"
        )

    assert attempt("traveller", PASSWORD, address="10.0.7.7", HTTP_X_FORWARDED_FOR="9.9.9.9") == 429


def test_behind_one_trusted_proxy_the_client_is_the_proxys_entry(cast, settings):
    """GIVEN one trusted proxy WHEN the client prepends forged entries
    THEN only the entry the proxy appended counts."""
    settings.SOJOURN_TRUSTED_PROXIES = 1
    for number in range(5):
        attempt(
            f"guess-{number}",
            "wrong",
            address="192.168.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 203.0.113.9",
        )

    # Same real client behind the proxy, new forged prefix: still locked out.
    blocked = attempt(
        "traveller", PASSWORD, address="192.168.0.1", HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.9"
    )
    assert blocked == 429
    # Another client behind the same proxy is not.
    assert (
        attempt("traveller", PASSWORD, address="192.168.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
        == 302
    )


def test_sign_ins_and_failures_are_audited_with_the_address(cast):
    attempt("officer", "wrong-password-1", address="10.0.8.1")
    attempt("officer", PASSWORD, address="10.0.8.2")

    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.data == {"name": "officer"}
    assert failed.client == "10.0.8.1"
    assert "wrong-password-1" not in str(failed.data)
    signed_in = AuditEvent.objects.get(action="auth.login")
    assert signed_in.actor == cast.officer
    assert signed_in.client == "10.0.8.2"
