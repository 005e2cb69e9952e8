"""The keys that seal the audit trail, held outside the database (SOJOURN_AUDIT_KEYS).

Newest first: new events are sealed with the first, and every key still listed verifies the
events it sealed, so a key is rotated by putting a new one in front and keeping the old one
for as long as its events must verify.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _keys() -> list[tuple[str, str]]:
    return [(key_id, secret) for key_id, secret in settings.SOJOURN_AUDIT_KEYS]


def current() -> tuple[str, bytes]:
    """The key id and key that seal new events."""
    keys = _keys()
    if not keys:
        raise ImproperlyConfigured(
            "SOJOURN_AUDIT_KEYS is empty: the audit trail cannot be written without a key."
        )
    key_id, secret = keys[0]
    return key_id, secret.encode()


def by_id(key_id: str) -> bytes | None:
    """The key an event names, or None when it is no longer (or never was) configured."""
    for known, secret in _keys():
        if known == key_id:
            return secret.encode()
    return None
