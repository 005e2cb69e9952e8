"""Matching names against list entries without comparing every pair (pure Python, no Django).

Every entry's name and each of its aliases go into a `sojourn.names.NameIndex` under their
blocking keys; a screened name is compared only with the names sharing one of its keys. A person
entry is indexed as a person's name, an organisation, a vessel or an aircraft as an
organisation's, and an entry of unknown kind (the CSL leaves many blank) as both.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from sojourn.names import Kind, Name, NameIndex, parse


@dataclass(frozen=True)
class Listed:
    """An entry of a list's newest snapshot, as screening needs it."""

    pk: int
    list_id: str
    entry_id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    threshold: int
    as_of: datetime.date
    fingerprint: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Found:
    """An entry a name matched: the entry's name or alias that matched best, and the score."""

    entry: Listed
    alias: str
    score: float


KINDS = {
    "person": (Kind.PERSON,),
    "organisation": (Kind.ORGANISATION,),
    "vessel": (Kind.ORGANISATION,),
    "aircraft": (Kind.ORGANISATION,),
}
BOTH = (Kind.PERSON, Kind.ORGANISATION)


@lru_cache(maxsize=65536)
def parsed(text: str, kind: Kind) -> Name:
    return parse(text, kind)


class Screener:
    """The entries of the lists' newest snapshots, indexed for matching."""

    def __init__(self, entries: Iterable[Listed]) -> None:
        self._entries: dict[int, Listed] = {}
        self._index: NameIndex[tuple[int, int]] = NameIndex()
        for entry in entries:
            self._entries[entry.pk] = entry
            for number, text in enumerate(entry.names):
                for kind in KINDS.get(entry.kind, BOTH):
                    self._index.add((entry.pk, number), parse(text, kind))
        self._lowest = min((e.threshold for e in self._entries.values()), default=100)

    def __len__(self) -> int:
        return len(self._entries)

    def screen(self, text: str, kind: Kind) -> list[Found]:
        """The entries `text` matches at their list's threshold or above, best first; one per
        entry, with the entry's name that matched best."""
        if not self._entries or not text.strip():
            return []
        # Per entry, its best-scoring name; on a tie the name listed first (the primary one).
        best: dict[int, tuple[float, int]] = {}
        for match in self._index.search(parsed(text, kind), self._lowest):
            pk, number = match.key
            if match.score >= self._entries[pk].threshold:
                best[pk] = max(best.get(pk, (0.0, 0)), (match.score, -number))
        found = [
            Found(self._entries[pk], self._entries[pk].names[-negative], points)
            for pk, (points, negative) in best.items()
        ]
        return sorted(found, key=lambda f: (-f.score, f.entry.pk))
