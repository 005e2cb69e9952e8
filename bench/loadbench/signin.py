"""Officers and oversight sign in through the sign-in page once, before the steps.

People sign in at the start of their day and keep their session (30 idle minutes, 12 hours at
most), so the steps reuse the sessions: a step measures the day, not a storm of sign-ins (each
checks the password with Argon2, deliberately slow; the first one of each account also rehashes
the synthetic world's cheap shared hash). Each sign-in is the browser's: the form is fetched for
its CSRF token and cookie, then posted; a right password is never throttled
(sojourn.security.throttle counts failures), and a wrong one stops the run.
"""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def sign_in(url: str, username: str, password: str) -> dict[str, str]:
    """The cookies of a new session of `username` (the session and the CSRF cookie)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(f"{url}/login/", timeout=120) as answer:
        form = answer.read().decode()
    found = TOKEN.search(form)
    if found is None:
        raise SystemExit("load: the sign-in page has no CSRF token")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": found[1], "username": username, "password": password, "next": "/"}
    ).encode()
    try:
        opener.open(f"{url}/login/", data=body, timeout=120)
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise SystemExit(f"load: {username} could not sign in ({answer.code})") from None
    else:
        raise SystemExit(f"load: {username} could not sign in (the form came back)")
    cookies = {cookie.name: cookie.value or "" for cookie in jar}
    if not any(name.endswith("sessionid") for name in cookies):
        raise SystemExit(f"load: {username} signed in without a session cookie")
    return cookies


def sign_in_all(
    url: str, usernames: Sequence[str], password: str, at_once: int
) -> tuple[dict[str, dict[str, str]], float]:
    """Every person's session cookies, `at_once` sign-ins at a time; and the seconds it took."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        cookies = list(pool.map(lambda name: sign_in(url, name, password), usernames))
    return dict(zip(usernames, cookies, strict=True)), time.perf_counter() - started
