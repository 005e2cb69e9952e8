"""Remembered devices: the browser a person signed in from, known to the sign-in throttle.

Each successful sign-in leaves a cookie on the browser (`sojourn_device`, signed, HTTP-only,
sent only to the sign-in page) holding a random device id, and records the id with the name
(`SignInAttempt.device`). For `KNOWN_FOR` after that, a sign-in for that name from that browser
is not held by the name's delay (sojourn.security.throttle), whatever network it comes from: an
officer travelling signs in from the hotel on their own laptop while a stranger's guesses slow
their name down everywhere else. The cookie names no one; the database says which names it is
known for, and forgets it with the sign-in (the worker's `forget_old`).
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "sojourn_device"
SALT = "sojourn.security.devices"
KNOWN_FOR = datetime.timedelta(days=30)
# Where the sign-in page (and so the throttle) reads it.
PATH = "/login/"
ID_LENGTH = 32
# Set on the request at a successful sign-in: the id the response's cookie carries.
ASSIGNED = "sojourn_device_id"


def device_of(request: HttpRequest) -> str:
    """The id of the device the request comes from: blank without a cookie or with a forged one."""
    return device_of_value(request.COOKIES.get(COOKIE, ""))


def device_of_value(raw: str) -> str:
    """The device id a cookie's value holds, if its signature is right."""
    if not raw:
        return ""
    try:
        value = signing.loads(raw, salt=SALT)
    except signing.BadSignature:
        return ""
    return value if isinstance(value, str) and len(value) == ID_LENGTH else ""


def assign(request: HttpRequest) -> str:
    """The device id a successful sign-in records: the browser's own, or a new one."""
    device = device_of(request) or secrets.token_hex(ID_LENGTH // 2)
    setattr(request, ASSIGNED, device)
    return device


def remember(request: HttpRequest, response: HttpResponse) -> None:
    """Give the browser (again) the cookie of the device id its sign-in recorded."""
    device = getattr(request, ASSIGNED, "")
    if not device:
        return
    response.set_cookie(
        COOKIE,
        signing.dumps(device, salt=SALT),
        max_age=int(KNOWN_FOR.total_seconds()),
        path=PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
