"""What domains above contacts hear when a contact gains a name.

Screening sits above the register and is not imported by it: it registers a listener here (in
ScreeningConfig.ready) and screens the contacts named in `Named` against the lists' newest
snapshots, so a contact created or renamed between two imports is screened at once. A listener
runs inside the caller's transaction.

`together()` gathers the contacts named inside it (a sighting's contact and its affiliation,
every meeting of a trip) and announces them once, at its end, so they are screened as a set;
nested, only the outermost announces.
"""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Named:
    contact_ids: tuple[int, ...]
    now: datetime.datetime


Listener = Callable[[Named], None]
_listeners: list[Listener] = []
_gathering: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar(
    "contacts_named", default=None
)


def listen(listener: Listener) -> None:
    """Register a listener (once: registering it again changes nothing)."""
    if listener not in _listeners:
        _listeners.append(listener)


def named(contact_ids: Iterable[int], *, now: datetime.datetime) -> None:
    """These contacts gained a name: told now, or at the end of the `together` around it."""
    gathered = _gathering.get()
    if gathered is not None:
        gathered.update(contact_ids)
    else:
        _announce(set(contact_ids), now)


@contextmanager
def together(*, now: datetime.datetime) -> Iterator[None]:
    """The contacts named inside are announced once, as a set, when it ends without error."""
    if _gathering.get() is not None:
        yield
        return
    gathered: set[int] = set()
    token = _gathering.set(gathered)
    try:
        yield
    finally:
        _gathering.reset(token)
    _announce(gathered, now)


def _announce(contact_ids: set[int], now: datetime.datetime) -> None:
    if not contact_ids:
        return
    event = Named(contact_ids=tuple(sorted(contact_ids)), now=now)
    for listener in _listeners:
        listener(event)
