"""Anchors published outside the database: the chain's head (`HASH:COUNT`), with the time, on a
schedule, so that a trail cut short (its newest events deleted) or replaced is caught with no
one having to write anchors down.

The worker publishes every SOJOURN_AUDIT_ANCHOR_MINUTES to an append-only file
(SOJOURN_AUDIT_ANCHOR_FILE, a line `TIME HASH:COUNT` each), to a second one if
SOJOURN_AUDIT_ANCHOR_COPY names it (on another mount: whoever rewrites one file must reach both)
and, if SOJOURN_AUDIT_ANCHOR_SYSLOG names one, to syslog, which ships it off the machine.
`sojourn audit verify` reads both files back and checks the trail against every anchor in them.
Syslog cannot be read back portably (where a message lands is the collector's business): an
anchor found there is checked with `sojourn audit verify --anchor HASH:COUNT`.
"""

from __future__ import annotations

import datetime
import logging
import logging.handlers
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from sojourn.audit.models import AuditChainHead, AuditEvent
from sojourn.audit.services import Head, parse_anchor


@dataclass(frozen=True)
class Published:
    at: str
    head: Head


def publish_due(now: datetime.datetime, stop: Callable[[], bool] | None = None) -> int:
    """The worker's job: publish the head if the last publication is older than the interval.
    Claimed with one conditional UPDATE, so of several workers one publishes."""
    due = now - datetime.timedelta(minutes=settings.SOJOURN_AUDIT_ANCHOR_MINUTES)
    # Two statements on every pass, due or not (the worker's passes cost the same each time);
    # an event appended between them is anchored next time.
    head = AuditChainHead.objects.filter(id=1).values_list("seq", "last_hash").first()
    claimed = (
        AuditChainHead.objects.filter(id=1)
        .filter(Q(anchored_at__isnull=True) | Q(anchored_at__lte=due))
        .update(anchored_at=now)
    )
    if not claimed or head is None:
        return 0
    publish(Head(*head), now)
    return 1


def files() -> list[Path]:
    """The anchor files: SOJOURN_AUDIT_ANCHOR_FILE, and SOJOURN_AUDIT_ANCHOR_COPY if set."""
    copy = settings.SOJOURN_AUDIT_ANCHOR_COPY
    return [Path(settings.SOJOURN_AUDIT_ANCHOR_FILE), *([Path(copy)] if copy else [])]


def publish(head: Head, now: datetime.datetime) -> None:
    line = f"{now.astimezone(datetime.UTC).isoformat()} {head}"
    for path in files():
        _append(path, line)
    if settings.SOJOURN_AUDIT_ANCHOR_SYSLOG:
        _syslog(settings.SOJOURN_AUDIT_ANCHOR_SYSLOG, f"sojourn audit anchor {line}")


def _append(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a") as handle:
        handle.write(line + "\n")


def _syslog(address: str, message: str) -> None:
    """One message to a syslog socket (`/dev/log`) or a collector (`host:port`, UDP)."""
    host, sep, port = address.rpartition(":")
    target: str | tuple[str, int] = (host, int(port)) if sep and port.isdigit() else address
    handler = logging.handlers.SysLogHandler(
        address=target, facility=logging.handlers.SysLogHandler.LOG_AUTH
    )
    try:
        handler.emit(logging.makeLogRecord({"msg": message, "levelno": logging.INFO}))
    finally:
        handler.close()


def published(path: Path) -> Iterator[Published]:
    """The anchors in the file, oldest first (none if it does not exist)."""
    if not path.exists():
        return
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        at, _sep, text = line.strip().partition(" ")
        if not text:
            continue
        try:
            yield Published(at, parse_anchor(text))
        except ValueError as error:
            raise ValueError(f"{path}, line {number}: {error}") from None


@dataclass(frozen=True)
class Broken:
    """The first published anchor the trail no longer holds."""

    anchor: Published
    # Where the trail now ends, when it ends before the anchored event (its newest were cut).
    trail_ends: int | None

    def __str__(self) -> str:
        seq, at = self.anchor.head.seq, self.anchor.at
        if self.trail_ends is not None:
            return (
                f"the anchor published at {at} says #{seq} but the trail ends at "
                f"#{self.trail_ends}: its newest events were removed"
            )
        return (
            f"event #{seq} no longer has the hash published at {at}: "
            "the trail up to it was rewritten"
        )


def check_published(path: Path) -> tuple[int, Broken | None]:
    """How many published anchors the trail holds, and the first that it does not (or None)."""
    anchors = list(published(path))
    if not anchors:
        return 0, None
    wanted = {anchor.head.seq for anchor in anchors if anchor.head.seq}
    found = dict(AuditEvent.objects.filter(seq__in=wanted).values_list("seq", "hash"))
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    for anchor in anchors:
        seq = anchor.head.seq
        if seq > last:
            return 0, Broken(anchor, last)
        if seq and found.get(seq) != anchor.head.hash:
            return 0, Broken(anchor, None)
    return len(anchors), None


def check_files() -> tuple[int, Broken | None, Path | None]:
    """`check_published` over every anchor file: the anchors held in all of them, and the first
    broken anchor with its file (or None, None)."""
    held = 0
    for path in files():
        count, broken = check_published(path)
        if broken is not None:
            return 0, broken, path
        held += count
    return held, None, None
