"""Blocking keys, and an index that compares a name with the few names sharing one.

Two names that may match share at least one key, so matching one name against many compares it
with a handful of candidates instead of every name (no all-pairs scan). A person's keys pair each
token's first four letters with another token's initial ("Dr. W. Zhang" -> `zhan:w`, shared with
"Wei Zhang", "Zhang Wei" and "Zhāng Wěi"); a typo in one token still leaves the other's key. An
organisation's keys are its distinctive tokens' first four letters and its acronym.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sojourn.names.parse import Kind, Name, words
from sojourn.names.score import score

K = TypeVar("K", bound=Hashable)

PREFIX = 4
# Words too common in organisations' names to tell one from another.
GENERIC_WORDS = words(
    "university institute technology laboratory science academy national international "
    "center research department college school engineering industrial industries "
    "electronics trading systems china chinese state key ministry bureau"
)


def blocking_keys(name: Name) -> frozenset[str]:
    """The keys `name` shares with every name it may match; none for a name with no tokens."""
    if name.kind is Kind.ORGANISATION:
        return _organisation_keys(name.tokens)
    return _person_keys(name.tokens)


def _person_keys(tokens: tuple[str, ...]) -> frozenset[str]:
    full = [token for token in tokens if len(token) > 1]
    if len(tokens) == 1:
        return frozenset({tokens[0][:PREFIX]})
    return frozenset(
        f"{token[:PREFIX]}:{other[0]}"
        for i, token in enumerate(tokens)
        if token in full
        for j, other in enumerate(tokens)
        if i != j
    )


def _organisation_keys(tokens: tuple[str, ...]) -> frozenset[str]:
    if not tokens:
        return frozenset()
    distinctive = [token for token in tokens if token not in GENERIC_WORDS] or list(tokens)
    keys = {f"o:{token[:PREFIX]}" for token in distinctive}
    acronym = tokens[0] if len(tokens) == 1 else "".join(token[0] for token in tokens)
    keys.add(f"a:{acronym}")
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class Match(Generic[K]):
    """An indexed entry that matched: its key, the name of it that matched best, the score."""

    key: K
    name: Name
    score: float


class NameIndex(Generic[K]):
    """Names (several per entry: a primary name and its aliases) found by their blocking keys.

    index: NameIndex[int] = NameIndex()
    index.add(7, parse("Zhang Wei"))
    index.search(parse("Dr. W. Zhang"), threshold=85)   # [Match(key=7, ..., score=92.0)]
    """

    def __init__(self) -> None:
        self._buckets: defaultdict[str, set[tuple[K, Name]]] = defaultdict(set)

    def add(self, key: K, name: Name) -> None:
        for block in blocking_keys(name):
            self._buckets[block].add((key, name))

    def add_all(self, entries: Iterable[tuple[K, Name]]) -> None:
        for key, name in entries:
            self.add(key, name)

    def candidates(self, name: Name) -> set[tuple[K, Name]]:
        """Every indexed (key, name) sharing a blocking key with `name`."""
        found: set[tuple[K, Name]] = set()
        for block in blocking_keys(name):
            found |= self._buckets.get(block, set())
        return found

    def search(self, name: Name, threshold: float) -> list[Match[K]]:
        """Entries whose best-matching name scores at least `threshold`, best first."""
        best: dict[K, Match[K]] = {}
        for key, candidate in self.candidates(name):
            points = score(name, candidate)
            if points >= threshold and (key not in best or points > best[key].score):
                best[key] = Match(key=key, name=candidate, score=points)
        return sorted(best.values(), key=lambda match: -match.score)
