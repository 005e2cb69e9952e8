"""Sensitive actions ask for the password (or a code) again when the last proof is old.

Issuing a directive, exporting, changing two-factor sign-in and creating a token need a proof
of identity from the last ten minutes: signing in counts, and so does the re-authentication
page. A request without one is sent there and comes back to the page it wanted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from sojourn.security.sessions import SIGNED_IN_AT

PROVED_AT = "sojourn_proved_at"
FRESH_FOR = datetime.timedelta(minutes=10)

View = TypeVar("View", bound=Callable[..., HttpResponse])


def mark(request: HttpRequest, now: datetime.datetime) -> None:
    request.session[PROVED_AT] = now.timestamp()


def is_recent(request: HttpRequest, now: datetime.datetime) -> bool:
    proofs = [request.session.get(SIGNED_IN_AT), request.session.get(PROVED_AT)]
    times = [value for value in proofs if isinstance(value, int | float)]
    return bool(times) and now.timestamp() - max(times) <= FRESH_FOR.total_seconds()


def _back_to(request: HttpRequest) -> str:
    """Where to return after the proof: this page, or for a form post the page it came from."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    host = request.get_host()
    if referer and host in referer:
        return referer.split(host, 1)[1] or "/"
    return "/"


def recent_authentication_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not is_recent(request, timezone.now()):
            target = reverse("reauthenticate") + "?" + urlencode({"next": _back_to(request)})
            return HttpResponseRedirect(target)
        return view(request, *args, **kwargs)

    return cast(View, wrapper)
