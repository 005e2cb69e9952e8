"""The client's address, trusting exactly as many reverse proxies as the deployment declares.

With `SOJOURN_TRUSTED_PROXIES=0` (the default) the address is the TCP peer (REMOTE_ADDR) and
X-Forwarded-For is ignored, so a forged header gains nothing. With N trusted proxies in front,
each appends the address it received from, so the client is the Nth entry from the right; the
entries left of it are whatever the client sent and are never believed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sojourn.audit import context


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    peer = _valid(str(request.META.get("REMOTE_ADDR", ""))) or ""
    proxies: int = settings.SOJOURN_TRUSTED_PROXIES
    if proxies <= 0:
        return peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    if len(forwarded) < proxies:
        return peer  # fewer hops than declared proxies: the header is not the proxies' doing
    return _valid(forwarded[-proxies]) or peer


class ClientAddressMiddleware:
    """Makes the client's address known to the audit trail for the length of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with context.client(client_address(request), lambda: getattr(request, "user", None)):
            return self.get_response(request)
