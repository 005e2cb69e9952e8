"""The keys a child process of a test needs to share the test's database: the audit trail's
and the sealed columns'. A child given a fresh `var/` would generate keys of its own, and then
neither open what the test sealed nor write events the test's chain check accepts."""

from __future__ import annotations

from django.conf import settings

from sojourn.vault.keys import as_setting


def shared_keys() -> dict[str, str]:
    """The environment variables that hand this process's keys to another."""
    return {
        "SOJOURN_AUDIT_KEYS": ",".join(
            f"{key_id}:{secret}" for key_id, secret in settings.SOJOURN_AUDIT_KEYS
        ),
        "SOJOURN_ENCRYPTION_KEYS": as_setting(settings.SOJOURN_ENCRYPTION_KEYS),
    }
