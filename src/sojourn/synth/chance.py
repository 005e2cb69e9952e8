"""Cheap draws from a seeded generator: one `random()` each.

`random.Random.randint` and `choice` cost ten times a bare `random()` call, and a million trips
make tens of millions of draws. These give the same kinds of draws from the one seeded stream,
so a world stays reproducible.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from `low` to `high`, both included."""
    return low + int(rng.random() * (high - low + 1))


def pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


class Weighted(Generic[T]):
    """Items drawn in proportion to their weights."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("give one weight per item, and at least one item")
        self.items = list(items)
        self.cumulative: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.total = total

    @classmethod
    def of(cls, pairs: Sequence[tuple[T, float]]) -> Weighted[T]:
        return cls([item for item, _ in pairs], [weight for _, weight in pairs])

    def __call__(self, rng: random.Random) -> T:
        index = bisect.bisect(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]
