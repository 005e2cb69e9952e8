"""Two-factor enforcement: a signed-in person who must (or chose to) use a second factor sees
nothing but the code page, the setup page and sign-out until they pass it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from sojourn.security import mfa

# Paths that work before the second factor: the factor's own pages, sign-out, language,
# static files, and the parts with their own credentials (API tokens, feed secrets, signed
# one-click check-in links).
# Set at sign-in for a person with nothing to ask (no device, none required), so pages do not
# look it up each time. Signing in starts a new session: a device added later is asked then.
CLEAR = "sojourn_mfa_clear"


def _note_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if mfa.authenticator(user) is None and not mfa.required(user):
        request.session[CLEAR] = True


def connect() -> None:
    user_logged_in.connect(_note_sign_in, dispatch_uid="sojourn-mfa-sign-in")


OPEN_PREFIXES = ("/login/", "/logout/", "/i18n/", "/static/", "/api/", "/feeds/", "/checkin/")


class MfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or user.is_verified()
            or request.path.startswith(OPEN_PREFIXES)
        ):
            return self.get_response(request)
        if request.session.get(CLEAR):
            return self.get_response(request)
        has_device = mfa.authenticator(user) is not None
        if not has_device and not mfa.required(user):
            request.session[CLEAR] = True
            return self.get_response(request)
        setup = reverse("mfa-setup")
        if not has_device and request.path == setup:
            return self.get_response(request)
        target = reverse("mfa-verify") if has_device else setup
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
