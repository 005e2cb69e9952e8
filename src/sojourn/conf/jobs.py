"""The periodic jobs of domains the worker cannot import, registered at start-up.

The worker's pass (`sojourn.care.worker`) runs care's own jobs, then these in the order their
apps registered them, then delivery. Directives sit beside care, so neither imports the other:
directives registers its job here in DirectivesConfig.ready.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

Stop = Callable[[], bool]
Job = Callable[[datetime.datetime, Stop], int]

_jobs: dict[str, Job] = {}


def register(name: str, job: Job) -> None:
    """Add a job to every pass (once: a name registered again keeps its first job)."""
    _jobs.setdefault(name, job)


def registered() -> list[tuple[str, Job]]:
    return list(_jobs.items())
