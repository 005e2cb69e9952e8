"""The account pages in the states the demo's sweep never reaches fit a 320 px phone: a calendar
address that was read (when, from where, the choice to name travellers), the password page that
lists the tokens a change revokes, and the page of a throttled sign-in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize

from sojourn.conftest import PASSWORD, Cast
from sojourn.security import tokens
from sojourn.security.models import FeedSecret
from sojourn.web.tests.test_browser_narrow_screens import (
    BASE,
    HEIGHT,
    WIDTHS,
    _answer,
    _problems,
    phone,
)

pytestmark = [pytest.mark.browser, pytest.mark.presentation]
__all__ = ["phone"]  # the fixture, used by name


def _holding(cast: Cast) -> None:
    now = timezone.now()
    for name in ("Human resources synchronisation service", "Calendar"):
        tokens.create_token(actor=cast.officer, user=cast.officer, name=name, scope="read", now=now)
    tokens.rotate_feed_secret(user=cast.officer, now=now)
    FeedSecret.objects.update(last_used_at=now, last_used_from="2001:db8:ffff:ffff:ffff:ffff:1:1")


def _fits(phone: Page, path: str, status: int = 200) -> list[str]:
    phone.set_viewport_size(ViewportSize(width=WIDTHS[0], height=HEIGHT))
    response = phone.goto(BASE + path, wait_until="load")
    assert response is not None
    assert response.status == status, f"{path}: {response.status}"
    return _problems(phone, path)


def test_the_account_and_password_pages_with_tokens_and_a_used_feed_fit(
    browser: Browser, cast: Cast, phone: Page
) -> None:
    _holding(cast)
    client = Client()
    client.force_login(cast.officer)
    phone.route(f"{BASE}/**", _answer(client))

    problems = _fits(phone, "/account/") + _fits(phone, "/account/password/")

    assert phone.locator("#revoked-by-change").is_visible()
    assert not problems, "\n".join(problems)


def test_the_throttled_sign_in_page_fits(browser: Browser, cast: Cast, phone: Page) -> None:
    for number in range(5):
        Client(REMOTE_ADDR="127.0.0.1").post(
            "/login/", {"username": "officer", "password": f"wrong-{number}"}
        )
    phone.route(f"{BASE}/**", _answer(Client(REMOTE_ADDR="127.0.0.1")))
    _fits(phone, "/login/")

    phone.fill("#id_username", "officer")
    phone.fill("#id_password", PASSWORD)
    with phone.expect_response(lambda answer: answer.request.method == "POST") as answered:
        phone.click("form.form button[type=submit]")

    assert answered.value.status == 429
    problems = _problems(phone, "/login/ (throttled)")
    assert not problems, "\n".join(problems)
