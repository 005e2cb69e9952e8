"""Sensitive actions ask for the password (or a code) again when the last proof is old.

Issuing a directive, exporting, changing two-factor sign-in and creating a token need a proof
of identity from the last ten minutes: signing in counts, and so does the re-authentication
page. A GET without one (an export) is sent to that page and comes back to the same address.
A POST without one is answered with a confirmation form that carries everything the person
submitted in hidden fields, so confirming performs the action and nothing typed is lost.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from sojourn.security.sessions import SIGNED_IN_AT

PROVED_AT = "sojourn_proved_at"
# The confirmation form's own field; everything else it carries is the original submission.
SECRET_FIELD = "sojourn_reauth_secret"
FRESH_FOR = datetime.timedelta(minutes=10)

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def mark(request: HttpRequest, now: datetime.datetime) -> None:
    request.session[PROVED_AT] = now.timestamp()


def is_recent(request: HttpRequest, now: datetime.datetime) -> bool:
    proofs = [request.session.get(SIGNED_IN_AT), request.session.get(PROVED_AT)]
    times = [value for value in proofs if isinstance(value, int | float)]
    return bool(times) and now.timestamp() - max(times) <= FRESH_FOR.total_seconds()


def proves(request: HttpRequest, user: User, secret: str, now: datetime.datetime) -> bool:
    """The password (through the throttled backends), or a current authenticator code."""
    from sojourn.security import mfa  # mfa reads the people app; keep this module light

    if authenticate(request, username=user.get_username(), password=secret) == user:
        return True
    if secret.strip().isdigit() and mfa.authenticator(user) is not None:
        return mfa.verify(user, secret, now=now) is not None
    return False


def _confirm_and_repost(request: HttpRequest, *, failed: bool) -> HttpResponse:
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in {SECRET_FIELD, "csrfmiddlewaretoken"}
        for value in values
    ]
    return render(
        request,
        "security/reauth_repost.html",
        {"carried": carried, "action": request.get_full_path(), "failed": failed},
        status=403,
    )


def recent_authentication_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        now = timezone.now()
        if not isinstance(user, User) or is_recent(request, now):
            return view(request, *args, **kwargs)
        if request.method != "POST":
            target = reverse("reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        secret = request.POST.get(SECRET_FIELD, "")
        if secret and proves(request, user, secret, now):
            mark(request, now)
            return view(request, *args, **kwargs)
        return _confirm_and_repost(request, failed=bool(secret))

    return cast(View, wrapper)
