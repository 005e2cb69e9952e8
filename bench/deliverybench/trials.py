"""One trial of each fault: a real `sojourn worker` delivering to a real SMTP server on loopback,
and the fault struck at a random moment while it delivers the urgent alerts.

The processes and the server are the fault tests' own (sojourn.care.tests.deployment,
sojourn.notify.tests.builders), so the benchmark and the tests cannot drift apart. The worker
runs with the deployment's settings (docs/deploy.md: a 30 s delivery lease, the mail server
probed every 10 s while down, new email looked for every 5 s): the benchmark measures what an
operator gets, not the tests' shortened timings.

The random moment: the run waits for a random number of messages (2 … URGENT − 1) to reach the
server, then for a random share of the time the last one took after the one before, so the fault
falls anywhere in a message's cycle — including between the server's acceptance of a message and
the worker's record of it, the at-least-once window a `kill -9` can leave a duplicate in.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.contrib.auth.models import User
from django.utils import timezone

from sojourn.care.tests.deployment import Deadline, Deployment
from sojourn.notify.models import Notification
from sojourn.notify.tests.builders import SmtpServer, email_row, free_port

Kind = Literal["kill", "outage"]
URGENT, ORDINARY = 10, 40
WORKER_INTERVAL = 60.0
"""`sojourn worker`'s default pass interval; delivery between passes is polled every 5 s."""
TRIAL_BUDGET = 240.0
"""Seconds a trial may take, start-up to the last arrival, before the run stops as failed."""
OUTAGE = (2.0, 6.0)
"""The SMTP server stays down for a random time in this range (seconds)."""


@dataclass
class Trial:
    kind: Kind
    number: int
    killed_after: int
    """Messages the server had accepted when the moment of the fault came (the kill or the stop
    follows within milliseconds; one more message may arrive in between)."""
    fault_seconds: float
    """From the fault to the recovery: the kill to the new worker's start, or the outage."""
    outstanding: list[float] = field(default_factory=list)
    """Seconds from the recovery to the first arrival of each urgent alert not delivered before
    it (alerts delivered before the fault ended are not counted here)."""
    urgent: int = URGENT
    messages: int = URGENT + ORDINARY
    urgent_duplicates: int = 0
    """Extra copies of urgent alerts the server received, by Message-ID."""
    urgent_doubled: int = 0
    """Urgent alerts the server received more than once."""
    duplicates: int = 0
    """Extra copies the server received, by Message-ID (urgent alerts and ordinary emails)."""
    duplicated: list[str] = field(default_factory=list)
    """The subjects of the messages the server received more than once."""
    copies_after: list[float] = field(default_factory=list)
    """Seconds from the recovery to the arrival of each extra copy."""
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run(kind: Kind, number: int, directory: Path, recipient: User, rng: random.Random) -> Trial:
    """One trial in a directory of its own (the processes' logs), its own outbox and server."""
    started = time.monotonic()
    smtp = SmtpServer(free_port())
    smtp.start()
    deployment = Deployment(directory, smtp, Deadline(TRIAL_BUDGET))
    try:
        urgent, ordinary = outbox(recipient, number)
        worker = deployment.start_worker("worker-1", interval=WORKER_INTERVAL, settings={})
        accepted = _strike_at_random(deployment, rng)
        struck = time.monotonic()
        if kind == "kill":
            deployment.kill(worker)
            recovered = time.monotonic()
            deployment.start_worker("worker-2", interval=WORKER_INTERVAL, settings={})
        else:
            smtp.stop()
            time.sleep(rng.uniform(*OUTAGE))
            smtp.start()
            recovered = time.monotonic()
        rows = [*urgent, *ordinary]
        deployment.wait_for("every email to arrive", lambda: _all_sent(deployment, rows))
    finally:
        deployment.stop()
        smtp.stop()
    trial = Trial(kind, number, accepted, round(recovered - struck, 3))
    _measure(trial, deployment, urgent, ordinary, recovered)
    trial.seconds = round(time.monotonic() - started, 1)
    tracebacks = deployment.tracebacks()
    if tracebacks:
        raise SystemExit(f"trial {kind} {number}: a process logged an error:\n{tracebacks}")
    return trial


def outbox(recipient: User, number: int) -> tuple[list[Notification], list[Notification]]:
    """Ordinary emails written an hour ago, then urgent alerts a second apart, oldest first."""
    now = timezone.now()
    ordinary = [
        email_row(recipient, now - datetime.timedelta(hours=1), subject=f"T{number} routine {i}")
        for i in range(ORDINARY)
    ]
    urgent = [
        email_row(
            recipient,
            now - datetime.timedelta(seconds=URGENT - i),
            subject=f"T{number} needs help {i}",
            urgent=True,
        )
        for i in range(URGENT)
    ]
    return urgent, ordinary


def _strike_at_random(deployment: Deployment, rng: random.Random) -> int:
    """Wait for a random number of arrivals, then a random share of the last message's cycle;
    returns how many messages the server had accepted by then."""
    arrived = deployment.smtp.mailbox.arrived
    target = rng.randint(2, URGENT - 1)
    _poll(deployment, f"{target} messages to arrive", lambda: len(arrived) >= target)
    cycle = arrived[target - 1] - arrived[target - 2]
    time.sleep(rng.random() * cycle)
    return len(arrived)


def _poll(deployment: Deployment, what: str, check: Callable[[], bool]) -> None:
    """Deployment.wait_for, polling every 2 ms: the moment of the fault is the measurement."""
    deployment.wait_for(what, check, pause=0.002)


def _all_sent(deployment: Deployment, rows: list[Notification]) -> bool:
    pending = Notification.objects.filter(pk__in=[row.pk for row in rows], sent_at__isnull=True)
    return not pending.exists() and len(deployment.smtp.mailbox.messages) >= len(rows)


def _measure(
    trial: Trial,
    deployment: Deployment,
    urgent: list[Notification],
    ordinary: list[Notification],
    recovered: float,
) -> None:
    mailbox = deployment.smtp.mailbox
    first: dict[str, float] = {}
    for message, at in zip(mailbox.messages, mailbox.arrived, strict=True):
        if str(message["Message-ID"]) in first:
            trial.copies_after.append(round(at - recovered, 3))
        first.setdefault(str(message["Message-ID"]), at)
    received = Counter(mailbox.message_ids())
    ids = _message_ids([*urgent, *ordinary])
    urgent_ids = {ids[row.pk] for row in urgent}
    missing = [subject for subject, message_id in _subjects(ids) if message_id not in received]
    if missing:
        raise SystemExit(f"trial {trial.kind} {trial.number}: never arrived: {missing}")
    strangers = set(received) - set(ids.values())
    if strangers:
        raise SystemExit(f"trial {trial.kind} {trial.number}: unknown messages {strangers}")
    trial.outstanding = sorted(
        round(first[i] - recovered, 3) for i in urgent_ids if first[i] > recovered
    )
    trial.duplicates = sum(count - 1 for count in received.values())
    trial.urgent_duplicates = sum(received[i] - 1 for i in urgent_ids)
    trial.urgent_doubled = sum(1 for i in urgent_ids if received[i] > 1)
    trial.duplicated = [subject for subject, i in _subjects(ids) if received[i] > 1]


def _message_ids(rows: list[Notification]) -> dict[int, str]:
    pks = [row.pk for row in rows]
    return dict(Notification.objects.filter(pk__in=pks).values_list("pk", "message_id"))


def _subjects(ids: dict[int, str]) -> list[tuple[str, str]]:
    subjects = dict(Notification.objects.filter(pk__in=list(ids)).values_list("pk", "subject"))
    return [(subjects[pk], message_id) for pk, message_id in ids.items()]
