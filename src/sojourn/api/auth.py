"""Bearer-token authentication for every API operation.

A request without a valid token is a 401. A read-only token may read; any other method needs a
token with the write scope (403). A person over the API's rate limit is answered 429 with
Retry-After (sojourn.api.rate). The token's user becomes `request.user`, so the scoped
querysets and the services see the same person the web would.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from sojourn.api import rate
from sojourn.api.errors import ApiError
from sojourn.security import tokens
from sojourn.security.models import AccessToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        now = timezone.now()
        found = tokens.authenticate(token, now=now)
        if found is None:
            return None
        wait = rate.take(found.user_id, now)
        if wait is not None:
            raise ApiError(
                429,
                _("Too many requests: at most %(limit)s a minute. Try again in %(wait)s s.")
                % {"limit": rate.limit(), "wait": wait},
                headers={"Retry-After": str(wait)},
            )
        if request.method not in SAFE_METHODS and "write" not in found.scopes:
            raise ApiError(403, _("This token may only read: create one with the write scope."))
        request.user = found.user
        return found


def token_of(request: HttpRequest) -> AccessToken:
    token: Any = getattr(request, "auth", None)
    assert isinstance(token, AccessToken)
    return token
