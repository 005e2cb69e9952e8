"""Session lifetimes: 30 minutes idle, 12 hours at most from sign-in, whatever the activity.

The idle limit is the session's own expiry (SESSION_COOKIE_AGE), pushed forward when a request
comes — at most once a minute, so reading pages does not turn every request into a session
write. The absolute limit needs the sign-in time, stored in the session at sign-in; a session
without one (made before this rule) is ended.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sojourn.security.clients import client_address
from sojourn.security.models import UserSession

SIGNED_IN_AT = "sojourn_signed_in_at"
SEEN_AT = "sojourn_seen_at"
RENEW_EVERY = 60.0


def _remember_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    now = timezone.now()
    request.session[SIGNED_IN_AT] = now.timestamp()
    request.session[SEEN_AT] = now.timestamp()
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "client": client_address(request),
            "user_agent": request.headers.get("User-Agent", "")[:200],
        },
    )


def _forget_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


def connect() -> None:
    user_logged_in.connect(_remember_sign_in, dispatch_uid="sojourn-session-sign-in")
    user_logged_out.connect(_forget_session, dispatch_uid="sojourn-session-sign-out")


def expired(request: HttpRequest, now: datetime.datetime) -> bool:
    signed_in = request.session.get(SIGNED_IN_AT)
    if not isinstance(signed_in, int | float):
        return True
    limit: int = settings.SOJOURN_SESSION_ABSOLUTE_SECONDS
    return now.timestamp() - signed_in > limit


def _renew(request: HttpRequest, now: datetime.datetime) -> None:
    seen = request.session.get(SEEN_AT)
    if not isinstance(seen, int | float) or now.timestamp() - seen >= RENEW_EVERY:
        request.session[SEEN_AT] = now.timestamp()  # saved with a fresh expiry
        UserSession.objects.filter(session_key=request.session.session_key).update(last_seen_at=now)


class SessionLimitsMiddleware:
    """Renews an active session's idle expiry; signs out one older than the absolute limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now()
            if expired(request, now):
                logout(request)
            else:
                _renew(request, now)
        return self.get_response(request)
