"""System checks of the audit trail's settings (`sojourn check`, `sojourn check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning


def admin_break_glass(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An admin opened in production is an emergency, not a way of working: say so on every
    deployment check until it is closed again."""
    if settings.PRODUCTION and settings.SOJOURN_ADMIN_BREAK_GLASS:
        return [
            Warning(
                "SOJOURN_ADMIN_BREAK_GLASS is on: the Django admin is open in production.",
                hint="Unset it once the emergency is over; every use of the admin is audited.",
                id="sojourn.W010",
            )
        ]
    return []


def audit_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Production never writes the trail without its own key: every command refuses to run."""
    if settings.PRODUCTION and not settings.SOJOURN_AUDIT_KEYS:
        return [
            Error(
                "SOJOURN_AUDIT_KEYS is required when SOJOURN_ENV=production.",
                hint=(
                    "Set it to ID:SECRET (an id such as k1, a secret of at least 32 random "
                    "characters: python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
                    "kept outside the database."
                ),
                id="sojourn.E010",
            )
        ]
    return []
