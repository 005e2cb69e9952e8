"""Every page of every role fits a phone: nothing is wider than a 320 px screen, nor a 375 px
one, with the demo's data (the sweep of `sweep.py`).

The browser asks for every address (the pages, their styles and scripts, what htmx fetches)
and this test answers it with Django's test client signed in as the person, in this thread: no
server, and the world of the sweep stays in its transaction. A page fits when the document is
no wider than the screen; when it is wider, the failure names the elements that stick out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, Page, Route, ViewportSize

from sojourn.testing.browser import TIMEOUT_MS
from sojourn.web.tests import sweep as swept
from sojourn.web.tests.sweep import PEOPLE_AND_ANONYMOUS, Sweep

pytestmark = [pytest.mark.browser, pytest.mark.presentation]

sweep = swept.sweep  # the demo world of the sweep, built once for this module
BASE = "http://testserver"
WIDTHS = (320, 375)
HEIGHT = 640

# The elements whose right edge is past the screen, widest first, that no scroll box of theirs
# holds in (a box with its own overflow clips what is inside, unless it is positioned out).
STICKING_OUT = """
() => {
  const width = document.documentElement.clientWidth;
  const held = (element) => {
    const own = getComputedStyle(element).position;
    if (own === "fixed") return false;
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      const clips = style.overflowX !== "visible";
      if (clips && !(own === "absolute" && style.position === "static")) return true;
    }
    return false;
  };
  const name = (element) => {
    const id = element.id ? "#" + element.id : "";
    const classes = [...element.classList].map((c) => "." + c).join("");
    const parent = element.parentElement;
    const up = parent && parent !== document.body ? name(parent) + " > " : "";
    return up + element.localName + id + classes;
  };
  return [...document.body.querySelectorAll("*")]
    .map((element) => ({ element, right: element.getBoundingClientRect().right }))
    .filter(({ element, right }) => right > width + 0.5 && !held(element))
    .sort((a, b) => b.right - a.right)
    .slice(0, 3)
    .map(({ element, right }) => `${name(element)} (right edge at ${Math.round(right)} px)`);
}
"""
TOO_WIDE = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
SCROLL_WIDTH = "document.documentElement.scrollWidth"
STATIC_FILES: dict[str, dict[str, Any]] = {}


def _answer(client: Client) -> Callable[[Route], None]:
    """Answers every request of the browser through the test client, on the test's database
    connections: Playwright calls this from a greenlet of its own, where Django would otherwise
    open other connections, outside the sweep's transaction (as a live server's thread shares
    them, for the same reason)."""
    ours = {alias: connections[alias] for alias in connections}

    def answer(route: Route) -> None:
        for alias, connection in ours.items():
            connections[alias] = connection
        request = route.request
        path = request.url.removeprefix(BASE)
        if path in STATIC_FILES:
            route.fulfill(**STATIC_FILES[path])
            return
        response = client.generic(
            request.method,
            path,
            request.post_data_buffer or b"",
            content_type=request.headers.get("content-type", ""),
            headers={k: v for k, v in request.headers.items() if k.lower().startswith("hx-")},
        )
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
        answered: dict[str, Any] = {
            "status": response.status_code,
            "headers": dict(response.items()),
            "body": body,
        }
        if path.startswith(settings.STATIC_URL) and response.status_code == 200:
            STATIC_FILES[path] = answered  # the same for everyone: asked once per module
        route.fulfill(**answered)

    return answer


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="en-GB", viewport=ViewportSize(width=WIDTHS[0], height=HEIGHT)
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _problems(page: Page, address: str) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size(ViewportSize(width=width, height=HEIGHT))
        if page.evaluate(TOO_WIDE):
            wide = page.evaluate(SCROLL_WIDTH)
            culprits = "; ".join(page.evaluate(STICKING_OUT)) or "no single element found"
            found.append(f"{address} at {width} px is {wide} px wide: {culprits}")
    return found


@pytest.mark.parametrize("username", PEOPLE_AND_ANONYMOUS)
def test_no_page_is_wider_than_a_phone(
    browser: Browser, sweep: Sweep, db: None, phone: Page, username: str
) -> None:
    """GIVEN the demo world and a person of it (or nobody, signed out)
    WHEN they open each of their pages (and the 403 and 404 pages they meet) on a 320 px
    screen, then on a 375 px one
    THEN no page is wider than the screen.

    (`browser` comes first: Playwright gives the test a context of its own, with database
    connections of its own, and the sweep's transaction must be opened on those.)"""
    phone.route(f"{BASE}/**", _answer(sweep.client(username)))
    problems = []
    for page in [*sweep.pages_of(username), *sweep.error_pages_of(username)]:
        phone.set_viewport_size(ViewportSize(width=WIDTHS[0], height=HEIGHT))
        response = phone.goto(BASE + page.url, wait_until="load")
        assert response is not None
        assert response.status == page.status, f"{page}: {response.status}"
        problems += _problems(phone, str(page))
    assert not problems, "pages wider than the screen:\n" + "\n".join(problems)
