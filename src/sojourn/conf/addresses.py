"""The address Sojourn is reached at, for the links it writes (emails, calendar addresses).

`SOJOURN_BASE_URL` wins when it is set. Unset, a link made while answering a request follows the
address the request came to (its host is one of ALLOWED_HOSTS: Django refuses any other), and a
link made with no request at hand (the worker's emails) follows the address `sojourn serve`
listens on, which it hands to its web processes and to its worker.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

# The variable `sojourn serve` sets for the processes it starts; not one to set by hand.
SERVED_URL = "SOJOURN_SERVED_URL"


def base_url(request: HttpRequest | None = None) -> str:
    """The scheme, host and port links start with, without a trailing slash."""
    if request is not None and not settings.SOJOURN_BASE_URL_SET:
        return request.build_absolute_uri("/").rstrip("/")
    return str(settings.SOJOURN_BASE_URL).rstrip("/")


def mail_domain() -> str:
    """The base address's host, as the right-hand side of a Message-ID or an event's UID."""
    host = urlsplit(base_url()).hostname or "sojourn"
    # An IPv6 address is a domain literal there (RFC 5322 section 3.4.1).
    return f"[{host}]" if ":" in host else host
