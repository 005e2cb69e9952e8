"""The worker: one pass runs every periodic job once; the loop runs passes until told to stop.

Time comes from the caller (`--now` for simulations and tests). SIGTERM or SIGINT set a flag
that every job checks between chunks (delivery between emails), so the chunk in hand is
finished and nothing is left half done; anything not reached is simply found again by the next
pass.
"""

from __future__ import annotations

import datetime
import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType

from django.db import close_old_connections

from sojourn.care import escalating, passes, readiness, reminding
from sojourn.conf.jobs import registered
from sojourn.notify.delivery import deliver_due

log = logging.getLogger("sojourn.worker")
Job = Callable[[datetime.datetime, passes.Stop], int]


def deliver(now: datetime.datetime, stop: passes.Stop) -> int:
    sent = 0
    while not stop():
        report = deliver_due(now=now, stop=stop)
        sent += report.sent
        if not report.more or report.unreachable:
            break
    return sent


# In order: transitions first, so reminders and escalations see today's states; delivery last,
# so what this pass wrote goes out in the same pass. The jobs other domains register at start-up
# (sojourn.conf.jobs: directives' re-assessment runs) run just before delivery.
CARE_JOBS: tuple[tuple[str, Job], ...] = (
    ("start_trips", passes.start_trips),
    ("end_trips", passes.end_trips),
    ("reminders", reminding.remind),
    ("checkins", escalating.escalate_checkins),
    ("debriefs", escalating.escalate_debriefs),
    ("late_reports", escalating.escalate_late_reports),
)


def jobs() -> list[tuple[str, Job]]:
    """Every job of a pass, in order."""
    return [*CARE_JOBS, *registered(), ("delivery", deliver)]


@dataclass
class PassResult:
    now: datetime.datetime
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def run_pass(now: datetime.datetime, stop: passes.Stop = passes._never) -> PassResult:
    result = PassResult(now=now)
    started = time.perf_counter()
    for name, job in jobs():
        if stop():
            break
        result.counts[name] = job(now, stop)
    result.seconds = time.perf_counter() - started
    return result


class Stopper:
    """Set by SIGTERM / SIGINT; read by every job between chunks."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(self) -> bool:
        return self.event.is_set()

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self._handle)
        signal.signal(signal.SIGINT, self._handle)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: finishing the chunk in hand, then stopping", signum)
        self.event.set()


def loop(
    *,
    interval: float,
    stopper: Stopper,
    clock: Callable[[], datetime.datetime],
    on_pass: Callable[[PassResult], None] | None = None,
) -> None:
    while not stopper():
        close_old_connections()
        try:
            result = run_pass(clock(), stopper)
        except Exception:
            # A failed pass is logged and retried at the next interval; nothing it did is
            # half-committed (every chunk is its own transaction).
            log.exception("worker pass failed")
        else:
            _beat(clock())
            if on_pass is not None:
                on_pass(result)
        stopper.event.wait(interval)


def _beat(now: datetime.datetime) -> None:
    """The heartbeat readiness reads; failing to write it is logged, not fatal (the pass's own
    work is committed, and the next pass beats again)."""
    try:
        readiness.beat(readiness.worker_name(), now)
    except Exception:
        log.exception("could not record the worker's heartbeat")
