"""Keyset pages for the long web lists (the console's people, the invitations): a page starts
right after (or before) the row the reader saw, so a deep page reads from an index on the list's
order instead of an OFFSET that reads every row before it. The pager offers Previous and Next
with an opaque `cursor`; a cursor this list did not give out shows the first page."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Q, QuerySet

T = TypeVar("T")
PAGE_SIZE = 25


AFTER = "a"
BEFORE = "b"
Key = str | int | datetime.date


@dataclass(frozen=True)
class Window(Generic[T]):
    """A page of a long list read from where the reader was, by an index on the list's order
    instead of an OFFSET that reads (and a COUNT that counts) every row before it. It knows
    whether rows come before and after it, not its number: the pager offers Previous and Next."""

    rows: list[T]
    previous: str
    """The cursor of the page before; empty on the first page."""
    next: str
    """The cursor of the page after; empty on the last page."""

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.previous or self.next)


def encode_cursor(direction: str, values: Sequence[Key]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    raw = json.dumps([direction, plain], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: Sequence[type[Key]]) -> tuple[str, list[Key]] | None:
    """The direction and key values of a cursor this list gave out; None for anything else
    (the caller shows the first page): a cursor is read from the address, as hostile as any."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, values = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        return None
    if direction not in (AFTER, BEFORE) or not isinstance(values, list):
        return None
    if len(values) != len(kinds):
        return None
    keys: list[Key] = []
    for value, kind in zip(values, kinds, strict=True):
        if kind is datetime.date:
            try:
                keys.append(datetime.date.fromisoformat(value))
            except (TypeError, ValueError):
                return None
            continue
        # bool is an int to isinstance; PostgreSQL refuses to compare text holding NUL.
        if type(value) is not kind or (isinstance(value, str) and "\x00" in value):
            return None
        if isinstance(value, int) and not -(2**63) < value < 2**63:
            return None
        keys.append(value)
    return direction, keys


def _beyond(order: Sequence[str], values: Sequence[Key], *, after: bool) -> Q:
    """Rows strictly after (or before) `values` in `order` (ascending keys):
    a ≥ x & ((a > x) | (a = x & b > y) | …). The leading bound lets an index on the order's
    keys start at the cursor."""
    strict, bound = ("gt", "gte") if after else ("lt", "lte")
    condition = Q()
    equal: dict[str, Key] = {}
    for name, value in zip(order, values, strict=True):
        condition |= Q(**equal, **{f"{name}__{strict}": value})
        equal[name] = value
    return Q(**{f"{order[0]}__{bound}": values[0]}) & condition


def keyset(
    items: QuerySet[Any, T],
    *,
    order: Sequence[str],
    key: Callable[[T], Sequence[Key]],
    kinds: Sequence[type[Key]],
    cursor: str | None,
    size: int = PAGE_SIZE,
) -> Window[T]:
    """The page of `items` (in `order`: ascending, non-null keys ending with a unique one) that
    `cursor` points at; the first page without one or with one this list did not give out.
    One query: a row beyond the page says whether more follow."""
    found = decode_cursor(cursor, kinds) if cursor else None
    if found is None:
        rows = list(items.order_by(*order)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return Window(rows, previous="", next=encode_cursor(AFTER, key(rows[-1])) if more else "")
    direction, values = found
    if direction == AFTER:
        rows = list(items.filter(_beyond(order, values, after=True)).order_by(*order)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        before = True
    else:
        backwards = [f"-{name}" for name in order]
        rows = list(
            items.filter(_beyond(order, values, after=False)).order_by(*backwards)[: size + 1]
        )
        before = len(rows) > size
        rows = rows[:size][::-1]
        more = True
    if not rows:  # past either end (the rows beyond it went away): start again
        return keyset(items, order=order, key=key, kinds=kinds, cursor=None, size=size)
    return Window(
        rows,
        previous=encode_cursor(BEFORE, key(rows[0])) if before else "",
        next=encode_cursor(AFTER, key(rows[-1])) if more else "",
    )
