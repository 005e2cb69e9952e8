"""Sign-in throttling: failures lock a name from one address and, at a higher limit, an address;
a name guessed from everywhere is slowed, never locked, so a stranger cannot keep its owner out.
The same answer for unknown names and wrong passwords, and every attempt audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sojourn.audit.models import AuditEvent
from sojourn.conf import jobs
from sojourn.conftest import NOW, PASSWORD
from sojourn.notify.models import Channel, Notification
from sojourn.notify.texts import render
from sojourn.security import devices, throttle
from sojourn.security.models import SignInAttempt

SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime.timedelta], None]:
    """The time the sign-in page sees: NOW, moved on by `clock(delta)`."""
    moment = [NOW]
    monkeypatch.setattr(timezone, "now", lambda: moment[0])

    def advance(delta: datetime.timedelta) -> None:
        moment[0] += delta

    return advance


def sign_in(username: str, password: str, *, address: str = "10.0.0.1", **meta: str):
    client = Client(REMOTE_ADDR=address, **meta)  # type: ignore[arg-type]
    return client.post("/login/", {"username": username, "password": password})


def attempt(username: str, password: str, *, address: str = "10.0.0.1", **meta: str) -> int:
    status: int = sign_in(username, password, address=address, **meta).status_code
    return status


def guessed_from_everywhere(username: str, times: int, clock) -> None:
    """A stranger's wrong passwords for `username`, each from an address of its own, waiting
    out the name's delay whenever refused, until `times` of them were checked and failed."""
    failed = tried = 0
    while failed < times:
        tried += 1
        refused = sign_in(username, f"wrong-{tried}", address=f"198.51.100.{tried}")
        if refused.status_code == 429:
            clock(int(refused["Retry-After"]) * SECOND)
        else:
            assert refused.status_code == 200
            failed += 1


def test_five_failures_lock_the_name_from_that_address(cast, clock):
    """GIVEN five wrong passwords for one name from one address WHEN the right one follows from
    there THEN it is refused (429, with the wait) until the cool-off has passed."""
    for number in range(5):
        assert attempt("officer", f"wrong-guess-{number}", address="10.0.1.1") == 200

    refused = sign_in("officer", PASSWORD, address="10.0.1.1")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 15 * 60

    clock(throttle.WINDOW + SECOND)
    assert attempt("officer", PASSWORD, address="10.0.1.1") == 302


def test_an_address_is_locked_at_its_own_higher_limit(cast, settings, clock):
    """GIVEN one address failing for many names (never five times for one) WHEN the address
    reaches its own limit THEN every name is refused from it, and no other address is."""
    limit = settings.SOJOURN_LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit > settings.SOJOURN_LOGIN_FAILURE_LIMIT
    for number in range(limit - 1):
        attempt(f"nobody-{number}", "wrong", address="10.0.3.3")
    assert attempt("traveller", PASSWORD, address="10.0.3.3") == 302

    attempt("nobody-last", "wrong", address="10.0.3.3")

    assert attempt("colleague", PASSWORD, address="10.0.3.3") == 429
    assert attempt("colleague", PASSWORD, address="10.0.3.4") == 302


def test_a_stranger_cannot_keep_the_officer_out_of_their_own_network(cast, clock):
    """GIVEN an officer who signed in from their office before
    WHEN a stranger fails many times for their name from other addresses
    THEN the officer still signs in from the office at once."""
    assert attempt("officer", PASSWORD, address="10.0.0.2") == 302
    guessed_from_everywhere("officer", 12, clock)
    assert attempt("officer", PASSWORD, address="203.0.113.50") == 429  # a new network waits

    assert attempt("officer", PASSWORD, address="10.0.0.2") == 302


def signed_in_device(username: str, address: str) -> str:
    """The device cookie a browser keeps after signing in (its session then ended: a new
    browser session holding only that cookie, as a laptop reopened elsewhere would)."""
    client = Client(REMOTE_ADDR=address)
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client.cookies[devices.COOKIE].value


def from_device(cookie: str, username: str, password: str, *, address: str) -> int:
    client = Client(REMOTE_ADDR=address)
    client.cookies[devices.COOKIE] = cookie
    status: int = client.post("/login/", {"username": username, "password": password}).status_code
    return status


def test_a_stranger_cannot_delay_the_officer_on_their_own_device_from_a_new_network(cast, clock):
    """GIVEN an officer without an authenticator who signed in on their laptop at the office
    WHEN a stranger fails many times for their name from other addresses, and the officer opens
    the laptop on a hotel's network they never used THEN the laptop signs in at once; another
    browser on that network still waits out the name's delay."""
    laptop = signed_in_device("officer", "10.0.0.2")
    guessed_from_everywhere("officer", 12, clock)

    assert from_device(laptop, "officer", PASSWORD, address="203.0.113.80") == 302
    assert attempt("officer", PASSWORD, address="203.0.113.81") == 429


def test_a_device_is_known_only_for_the_names_that_signed_in_on_it(cast, clock):
    """A cookie of another name's device, or a forged one, gives no way round the delay."""
    travellers_phone = signed_in_device("traveller", "10.0.0.3")
    guessed_from_everywhere("officer", 12, clock)

    assert from_device(travellers_phone, "officer", PASSWORD, address="203.0.113.82") == 429
    assert from_device("forged:cookie", "officer", PASSWORD, address="203.0.113.83") == 429


def test_a_device_that_keeps_failing_for_the_name_is_no_longer_known(cast, clock):
    """GIVEN a stolen device cookie WHEN five wrong passwords for its name come with it, each
    from another address THEN the device waits out the name's delay like any stranger."""
    laptop = signed_in_device("officer", "10.0.0.2")
    guessed_from_everywhere("officer", 12, clock)
    for number in range(5):
        assert from_device(laptop, "officer", "wrong", address=f"192.0.2.{number}") == 200

    assert from_device(laptop, "officer", PASSWORD, address="192.0.2.99") == 429


def test_the_device_cookie_is_signed_names_no_one_and_goes_only_to_the_sign_in_page(cast):
    client = Client(REMOTE_ADDR="10.0.0.4")
    client.post("/login/", {"username": "officer", "password": PASSWORD})

    cookie = client.cookies[devices.COOKIE]
    assert cookie["path"] == "/login/"
    assert cookie["httponly"] is True
    assert int(cookie["max-age"]) == int(throttle.KNOWN_FOR.total_seconds())
    assert "officer" not in cookie.value
    assert SignInAttempt.objects.get(succeeded=True).device == devices.device_of_value(cookie.value)


def test_a_verified_second_factor_signs_in_while_the_name_is_slowed(cast, clock):
    """GIVEN an officer with an authenticator whose name a stranger is guessing
    WHEN they sign in with the right password from a network never used before
    THEN they go on to the code; a wrong password there is refused and counted."""
    TOTPDevice.objects.create(user=cast.officer, name="authenticator", confirmed=True)
    guessed_from_everywhere("officer", 8, clock)
    counted = throttle._failures(NOW - throttle.NAME_WINDOW, name="officer").count()

    assert attempt("officer", "not-the-password", address="203.0.113.60") == 429
    assert throttle._failures(NOW - throttle.NAME_WINDOW, name="officer").count() == counted + 1
    client = Client(REMOTE_ADDR="203.0.113.61")
    arrived = client.post("/login/", {"username": "officer", "password": PASSWORD})

    assert arrived.status_code == 302
    assert client.get("/")["Location"].startswith("/login/verify/")


def test_without_a_second_factor_the_name_waits_a_delay_that_doubles(cast, clock):
    """GIVEN five failures for a name (from five addresses) WHEN it is tried again from new
    ones THEN each attempt waits 1 s after the last failure, then 2 s, then 4 s: slowed, not
    locked."""
    for number in range(5):
        attempt("traveller", "wrong", address=f"10.0.5.{number}")

    for wait in (1, 2, 4):
        refused = sign_in("traveller", "wrong", address="10.0.6.1")
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(wait)
        clock(wait * SECOND)
        assert attempt("traveller", "wrong", address=f"10.0.6.{wait + 1}") == 200

    clock(8 * SECOND)
    assert attempt("traveller", PASSWORD, address="10.0.7.1") == 302


def test_a_privileged_account_under_attack_alerts_its_owner_and_oversight_once(cast, clock):
    """GIVEN an officer whose name is guessed from many addresses
    WHEN the failures pass the alert threshold and go on
    THEN the officer and oversight are told once in that attack window (in their language),
    and again in a later attack."""
    guessed_from_everywhere("officer", throttle.alert_at() + 6, clock)

    alerts = Notification.objects.filter(kind="account.under_attack", channel=Channel.IN_APP)
    assert sorted(alerts.values_list("recipient__username", flat=True)) == [
        "officer",
        "oversight",
    ]
    assert all(alert.urgent for alert in alerts)
    assert "officer" in alerts[0].subject
    params = alerts[0].params or {}
    subject, body = render("account.under_attack", params, "zh-hans")
    assert subject == "账号 officer 正遭受登录攻击"
    assert "登录失败" in body
    assert AuditEvent.objects.filter(action="auth.under_attack").count() == 1

    clock(throttle.NAME_WINDOW + SECOND)
    guessed_from_everywhere("officer", throttle.alert_at(), clock)
    assert alerts.filter(recipient=cast.officer).count() == 2


def test_a_traveller_under_attack_raises_no_alert(cast, clock):
    guessed_from_everywhere("traveller", throttle.alert_at() + 1, clock)

    assert not Notification.objects.filter(kind="account.under_attack").exists()


def test_unknown_names_and_wrong_passwords_look_the_same(cast):
    unknown = Client(REMOTE_ADDR="10.0.4.1").post(
        "/login/", {"username": "no-such-person", "password": "wrong-password-1"}
    )
    wrong = Client(REMOTE_ADDR="10.0.4.2").post(
        "/login/", {"username": "officer", "password": "wrong-password-1"}
    )
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()


def test_a_locked_unknown_name_is_locked_like_a_known_one(cast, clock):
    for _number in range(5):
        attempt("no-such-person", "wrong", address="10.0.5.9")
    assert attempt("no-such-person", "wrong", address="10.0.5.9") == 429
    assert attempt("officer", "wrong", address="10.0.5.9") == 200


def test_a_forged_forwarded_for_header_gains_nothing_without_trusted_proxies(cast, settings):
    """GIVEN no trusted proxy WHEN an attacker rotates X-Forwarded-For
    THEN the lockout still follows their real address."""
    settings.SOJOURN_TRUSTED_PROXIES = 0
    for number in range(5):
        attempt("colleague", "wrong", address="10.0.7.7", HTTP_X_FORWARDED_FOR=f"1.2.3.{number}")

    blocked = attempt("colleague", PASSWORD, address="10.0.7.7", HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert blocked == 429


def test_behind_one_trusted_proxy_the_client_is_the_proxys_entry(cast, settings):
    """GIVEN one trusted proxy WHEN the client prepends forged entries
    THEN only the entry the proxy appended counts."""
    settings.SOJOURN_TRUSTED_PROXIES = 1
    assert attempt("colleague", PASSWORD, address="192.168.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1")
    for number in range(5):
        attempt(
            "colleague",
            "wrong",
            address="192.168.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 203.0.113.9",
        )

    # Same real client behind the proxy, new forged prefix: still locked out.
    blocked = attempt(
        "colleague", PASSWORD, address="192.168.0.1", HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.9"
    )
    assert blocked == 429
    # The client who signed in from behind the same proxy before is not.
    assert (
        attempt("colleague", PASSWORD, address="192.168.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1") == 302
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


def test_the_worker_forgets_attempts_no_window_needs(cast) -> None:
    """GIVEN failures older than the name's window and a sign-in older than an address stays
    known WHEN the worker's job runs THEN they are deleted (and counted in the trail); recent
    ones stay."""
    for at, succeeded in (
        (NOW - throttle.NAME_WINDOW - SECOND, False),
        (NOW - throttle.NAME_WINDOW + SECOND, False),
        (NOW - throttle.KNOWN_FOR - SECOND, True),
        (NOW - throttle.KNOWN_FOR + SECOND, True),
    ):
        SignInAttempt.objects.create(name="officer", client="10.0.0.9", at=at, succeeded=succeeded)

    assert throttle.forget_old(NOW) == 2

    left = SignInAttempt.objects.order_by("at").values_list("at", flat=True)
    assert list(left) == [NOW - throttle.KNOWN_FOR + SECOND, NOW - throttle.NAME_WINDOW + SECOND]
    assert AuditEvent.objects.get(action="auth.attempts_forgotten").data == {"count": 2}
    assert ("sign_in_attempts", throttle.forget_old) in jobs.registered()
