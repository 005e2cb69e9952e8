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

from django.conf import settings
from django.db import close_old_connections

from sojourn.care import escalating, passes, readiness, reminding
from sojourn.conf.jobs import registered
from sojourn.notify.senders import deliver_all

log = logging.getLogger("sojourn.worker")
Job = Callable[[datetime.datetime, passes.Stop], int]


def deliver(now: datetime.datetime, stop: passes.Stop) -> int:
    """Deliver what is due, over several connections when there is much of it. Claims are
    leases, timed by a clock that starts at `now` and runs with real time, so a long delivery
    keeps renewing what it holds."""
    return deliver_all(clock=running_from(now), stop=stop)


def running_from(now: datetime.datetime) -> Callable[[], datetime.datetime]:
    """A clock that reads `now` at once and moves on with the monotonic clock."""
    started = time.monotonic()
    return lambda: now + datetime.timedelta(seconds=time.monotonic() - started)


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
        # Delivery's leases are timed on the clock: it starts at the moment the pass has
        # reached, not the one the pass began at (the jobs before it can take a while).
        at = now + datetime.timedelta(seconds=time.perf_counter() - started)
        result.counts[name] = job(at if name == "delivery" else now, stop)
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
        between_passes(interval=interval, stopper=stopper, clock=clock)


def _beat(now: datetime.datetime) -> None:
    """The heartbeat readiness reads; failing to write it is logged, not fatal (the pass's own
    work is committed, and the next pass beats again)."""
    try:
        readiness.beat(readiness.worker_name(), now)
    except Exception:
        log.exception("could not record the worker's heartbeat")


def between_passes(
    *, interval: float, stopper: Stopper, clock: Callable[[], datetime.datetime]
) -> None:
    """Wait `interval` seconds, delivering new emails every SOJOURN_DELIVERY_POLL_SECONDS
    meanwhile: an urgent alert written just after a pass (or held by a worker that died) does
    not wait for the next one."""
    ends = time.monotonic() + interval
    poll = float(settings.SOJOURN_DELIVERY_POLL_SECONDS)
    while not stopper.event.wait(min(poll, max(0.0, ends - time.monotonic()))):
        if time.monotonic() >= ends:
            return
        close_old_connections()
        try:
            deliver(clock(), stopper)
        except Exception:
            log.exception("delivery between passes failed")
