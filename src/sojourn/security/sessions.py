"""Session lifetimes: 30 minutes idle, 12 hours at most from sign-in, whatever the activity.

The idle limit is the session's own expiry, pushed forward on every request
(SESSION_SAVE_EVERY_REQUEST). The absolute limit needs the sign-in time, stored in the session
when the user signs in; a session without one (made before this rule) is ended.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SIGNED_IN_AT = "sojourn_signed_in_at"


def _remember_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()


def connect() -> None:
    user_logged_in.connect(_remember_sign_in, dispatch_uid="sojourn-session-sign-in")


def expired(request: HttpRequest, now: datetime.datetime) -> bool:
    signed_in = request.session.get(SIGNED_IN_AT)
    if not isinstance(signed_in, int | float):
        return True
    limit: int = settings.SOJOURN_SESSION_ABSOLUTE_SECONDS
    return now.timestamp() - signed_in > limit


class AbsoluteSessionLimitMiddleware:
    """Signs out a session older than the absolute limit; the next page asks for sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and expired(request, timezone.now()):
            logout(request)
        return self.get_response(request)
