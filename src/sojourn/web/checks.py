"""System checks: every translation catalogue is compiled and current; production sends mail
and links only over encrypted transport.

The `.mo` files are built from the `.po` sources, not shipped in git; a deployment that skipped
`python -m sojourn.conf.messages` would serve every page in English without a word of complaint.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from sojourn.conf.messages import stale_catalogues


def catalogues_compiled(**kwargs: Any) -> list[CheckMessage]:
    return [
        Warning(
            f"The translation catalogue {po} is not compiled or is older than its source.",
            hint="Run `python -m sojourn.conf.messages` (make messages) once per release.",
            id="sojourn.W001",
        )
        for po in stale_catalogues()
    ]


LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _loopback(host: str) -> bool:
    host = host.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def production_transport(**kwargs: Any) -> list[CheckMessage]:
    """In production, mail leaves in the clear only to a relay on this machine, and every link
    Sojourn sends (emails, calendar addresses) points to https (a deployment check)."""
    if not settings.PRODUCTION:
        return []
    errors: list[CheckMessage] = []
    encrypted = settings.EMAIL_USE_TLS or getattr(settings, "EMAIL_USE_SSL", False)
    if not encrypted and not _loopback(settings.EMAIL_HOST):
        errors.append(
            Error(
                f"The SMTP server {settings.EMAIL_HOST} is not on this machine and is reached "
                "without TLS: notification emails (check-in links among them) would cross the "
                "network in the clear.",
                hint="Set SOJOURN_EMAIL_USE_TLS=true, or relay through an SMTP server on "
                "127.0.0.1.",
                id="sojourn.E001",
            )
        )
    if urlsplit(settings.SOJOURN_BASE_URL).scheme != "https" or not settings.SOJOURN_BASE_URL_SET:
        errors.append(
            Error(
                f"The base URL {settings.SOJOURN_BASE_URL} is not an https address: links in "
                "emails and calendar addresses carry secrets.",
                hint="Set SOJOURN_BASE_URL to the https address people reach Sojourn at.",
                id="sojourn.E002",
            )
        )
    return errors
