"""System checks: production seals with its own keys, and those keys open every stored value."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError

from sojourn.vault.keys import SETTING
from sojourn.vault.seal import keyring


def keys_from_environment(**_kwargs: Any) -> list[checks.CheckMessage]:
    if keyring().from_environment:
        return []
    return [
        checks.Error(
            f"{SETTING} is not set: personal data is sealed with the development key "
            "generated in var/.",
            hint=f"Set {SETTING} to id:key (sojourn vault new-key prints a key).",
            id="sojourn.E020",
        )
    ]


def keys_cover_every_value(**_kwargs: Any) -> list[checks.CheckMessage]:
    """Run by `sojourn check --database default` (and before serving in production)."""
    from sojourn.vault.census import unopenable

    try:
        found = unopenable()
    except DatabaseError:  # no tables yet: nothing stored to open
        return []
    return [
        checks.Error(
            f"{count} value(s) of {place} are sealed under a key {SETTING} does not hold, "
            "or are not sealed at all.",
            hint=f"Add the missing key back to {SETTING} (sojourn vault status names it).",
            id="sojourn.E021",
        )
        for place, count in found.items()
        if count
    ]
