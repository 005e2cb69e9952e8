"""Expired sessions: Django's rows past their expiry, and the sign-ins `sojourn.security` lists
on the account page once they are past the idle or the absolute limit."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q

from sojourn.security.models import UserSession


def expired_sessions(now: datetime.datetime, apply: bool) -> int:
    """Returns the sessions ended (or that would be), counted once per session key."""
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    absolute = datetime.timedelta(seconds=settings.SOJOURN_SESSION_ABSOLUTE_SECONDS)
    expired = set(Session.objects.filter(expire_date__lt=now).values_list("session_key", flat=True))
    stale = set(
        UserSession.objects.filter(
            Q(session_key__in=expired)
            | Q(last_seen_at__lt=now - idle)
            | Q(created_at__lt=now - absolute)
        ).values_list("session_key", flat=True)
    )
    keys = expired | stale
    if apply and keys:
        UserSession.objects.filter(session_key__in=keys).delete()
        Session.objects.filter(session_key__in=keys).delete()
    return len(keys)
