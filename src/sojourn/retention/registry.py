"""Purges of data kept by apps above retention (the API's idempotency records), registered at
start-up as the worker's jobs are (`sojourn.conf.jobs`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

# (now, apply) -> how many rows went (or would go, when apply is False)
Purger = Callable[[datetime.datetime, bool], int]

_purgers: dict[str, Purger] = {}


def register(kind: str, purger: Purger) -> None:
    _purgers.setdefault(kind, purger)


def registered() -> list[tuple[str, Purger]]:
    return list(_purgers.items())
