"""The directives' job in the worker's pass, registered at start-up (DirectivesConfig.ready)."""

from __future__ import annotations

import datetime

from sojourn.conf.jobs import Stop
from sojourn.directives.models import ReassessmentRun, RunStatus
from sojourn.directives.reassess import resume


def finish_directive_runs(now: datetime.datetime, stop: Stop) -> int:
    """Carry unfinished re-assessment runs (a directive issued, or a run cut short) to the end."""
    done = 0
    for run in ReassessmentRun.objects.exclude(status=RunStatus.DONE).order_by("pk"):
        if stop():
            break
        done += resume(run, now=now).status == RunStatus.DONE
    return done
