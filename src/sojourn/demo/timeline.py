"""Playing stories in time order.

A story is a generator: before each step it yields the moment the step happens and is resumed
with that moment as its `now`. `play` runs the steps of all stories interleaved in time order, so
the audit trail reads chronologically, as it would have been written had it all happened for real.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User

Cast = Mapping[str, User]
Steps = Generator[datetime.datetime, datetime.datetime, None]
Story = Callable[[Cast, "Clock"], Steps]


@dataclass(frozen=True)
class Clock:
    now: datetime.datetime

    def ago(self, *, days: int = 0, hours: int = 0) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days, hours=hours)

    def day(self, offset: int) -> datetime.date:
        """Today plus `offset` days (negative for the past)."""
        return self.now.date() + datetime.timedelta(days=offset)


def play(stories: Sequence[tuple[str, Story]], cast: Cast, clock: Clock) -> list[str]:
    """Run every story that is not there yet, all their steps in time order; name them."""
    started: list[str] = []
    queue: list[tuple[datetime.datetime, int, Steps]] = []
    for index, (summary, story) in enumerate(stories):
        steps = story(cast, clock)
        first = next(steps, None)
        if first is not None:
            started.append(summary)
            heapq.heappush(queue, (first, index, steps))
    while queue:
        when, index, steps = heapq.heappop(queue)
        try:
            following = steps.send(when)
        except StopIteration:
            continue
        if following < when:
            raise RuntimeError(f"story {stories[index][0]!r} went back in time at {following}")
        heapq.heappush(queue, (following, index, steps))
    return started
