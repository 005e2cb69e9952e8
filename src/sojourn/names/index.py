"""Blocking keys, and an index that compares a name with the few names sharing one.

Two names that may match share at least one key, so matching one name against many compares it
with a handful of candidates instead of every name (no all-pairs scan). A person's keys pair each
token's first four letters with another token's initial ("Dr. W. Zhang" -> `zhan:w`, shared with
"Wei Zhang", "Zhang Wei" and "Zhāng Wěi"); a typo in one token still leaves the other's key. An
organisation's keys are its distinctive tokens' first four letters and its acronym.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from sojourn.names.parse import Kind, Name, words
from sojourn.names.score import ACRONYM_SCORE, acronym_score, score

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

    Each distinct name is kept once, with the entries that hold it, so a name many entries share
    (a common name, an alias written in capitals) is scored once per search. Organisations'
    names are scored together in one call of rapidfuzz (their score is `token_sort_ratio`, or an
    acronym's), people's one by one (`score`): the same scores as `score` gives, faster.
    """

    def __init__(self) -> None:
        self._names: list[Name] = []
        # Each name's tokens sorted and joined: token_sort_ratio's form, made once.
        self._sorted: list[str] = []
        self._holders: list[dict[K, None]] = []
        self._numbers: dict[Name, int] = {}
        self._buckets: defaultdict[str, list[int]] = defaultdict(list)

    def add(self, key: K, name: Name) -> None:
        number = self._numbers.get(name)
        if number is None:
            number = self._numbers[name] = len(self._names)
            self._names.append(name)
            self._sorted.append(" ".join(sorted(name.tokens)))
            self._holders.append({})
            for block in blocking_keys(name):
                self._buckets[block].append(number)
        self._holders[number][key] = None

    def add_all(self, entries: Iterable[tuple[K, Name]]) -> None:
        for key, name in entries:
            self.add(key, name)

    def candidates(self, name: Name) -> set[tuple[K, Name]]:
        """Every indexed (key, name) sharing a blocking key with `name`."""
        return {
            (key, self._names[number])
            for number in self._candidate_numbers(name)
            for key in self._holders[number]
        }

    def search(self, name: Name, threshold: float) -> list[Match[K]]:
        """Entries whose best-matching name scores at least `threshold`, best first."""
        best: dict[K, Match[K]] = {}
        for number, points in self._scores(name, self._candidate_numbers(name), threshold):
            for key in self._holders[number]:
                if key not in best or points > best[key].score:
                    best[key] = Match(key=key, name=self._names[number], score=points)
        return sorted(best.values(), key=lambda match: -match.score)

    def _candidate_numbers(self, name: Name) -> set[int]:
        found: set[int] = set()
        for block in blocking_keys(name):
            found.update(self._buckets.get(block, ()))
        return found

    def _scores(
        self, name: Name, numbers: set[int], threshold: float
    ) -> Iterator[tuple[int, float]]:
        """(number, score) of the candidates scoring at least `threshold`."""
        if not name.tokens or not numbers:
            return
        if name.kind is Kind.ORGANISATION:
            yield from self._organisation_scores(name, list(numbers), threshold)
            return
        organisations = []
        for number in numbers:
            candidate = self._names[number]
            if candidate.kind is Kind.ORGANISATION:
                organisations.append(number)
                continue
            points = score(name, candidate)
            if points >= threshold:
                yield number, points
        yield from self._organisation_scores(name, organisations, threshold)

    def _organisation_scores(
        self, name: Name, numbers: list[int], threshold: float
    ) -> Iterator[tuple[int, float]]:
        # score() of two names one of which is an organisation's: the best of token_sort_ratio
        # (fuzz.ratio of the sorted forms, the same number) and the acronym's score.
        if not numbers:
            return
        found: dict[int, float] = {}
        query = " ".join(sorted(name.tokens))
        forms = [self._sorted[number] for number in numbers]
        for _form, points, at in process.extract(
            query, forms, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        ):
            found[numbers[at]] = float(points)
        if threshold <= ACRONYM_SCORE:
            for number in self._acronym_candidates(name, numbers):
                if _is_acronym(name, self._names[number]):
                    found[number] = max(found.get(number, 0.0), ACRONYM_SCORE)
        yield from found.items()

    def _acronym_candidates(self, name: Name, numbers: list[int]) -> Iterable[int]:
        """The candidates that may be `name`'s acronym or have it as theirs: an organisation's
        name shares its acronym key with them, so only that key's names need a look."""
        if name.kind is not Kind.ORGANISATION:
            return numbers
        keys = [key for key in blocking_keys(name) if key.startswith("a:")]
        among = set(numbers)
        return [n for key in keys for n in self._buckets.get(key, ()) if n in among]


def _is_acronym(a: Name, b: Name) -> bool:
    """Whether one name is the other's acronym (score's rule); only a one-token name can be."""
    if len(a.tokens) != 1 and len(b.tokens) != 1:
        return False
    return acronym_score(a.tokens, b.tokens) > 0 or acronym_score(b.tokens, a.tokens) > 0
