"""Fixtures for the page tests: a headless browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from sojourn.testing.browser import TIMEOUT_MS

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def _chromium_or_skip() -> str:
    path = os.environ.get("SOJOURN_CHROMIUM", DEFAULT_CHROMIUM)
    if os.access(path, os.X_OK) and Path(path).is_file():
        return path
    problem = (
        f"no Chromium executable at {path} "
        "(install it with `apt-get install chromium` or set SOJOURN_CHROMIUM)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"BROWSER TESTS CANNOT RUN: {problem}; CI=true does not allow skipping them")
    pytest.skip(f"BROWSER TESTS SKIPPED: {problem}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = _chromium_or_skip()
    # Playwright's sync API keeps an asyncio event loop running in this thread for as long as
    # the browser is open. Django then refuses ORM calls from this thread (the test's own
    # fixtures, such as the cast) with SynchronousOnlyOperation, although nothing here is
    # concurrent: the test waits on the browser, and the live server answers in its own thread.
    # So the check is turned off for as long as the loop runs, and only then.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context per test: no cookies shared between tests."""
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()
