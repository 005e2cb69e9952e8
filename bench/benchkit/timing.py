"""Best-of-n timing with time.perf_counter, the garbage collector left as it is.

Each repetition also records the process CPU time, so a report can show that a figure is per
core: CPU time close to wall time means one core was busy; much less means the run waited (a
noisy neighbour), more means the code under test used several threads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")


@dataclass(frozen=True)
class Timing:
    walls: tuple[float, ...]
    """Wall-clock seconds of every repetition, in the order they ran."""
    cpus: tuple[float, ...]
    """Process CPU seconds of the same repetitions."""

    @property
    def best(self) -> float:
        return min(self.walls)

    @property
    def cpu_share(self) -> float:
        """CPU time / wall time of the best repetition (≈ 1.0 for one busy core)."""
        index = self.walls.index(self.best)
        return self.cpus[index] / self.best

    def rate(self, count: int) -> float:
        """Items per second in the best repetition."""
        return count / self.best

    def rates(self, count: int) -> tuple[float, ...]:
        return tuple(count / wall for wall in self.walls)


def best_of(run: Callable[[], object], repeats: int) -> Timing:
    """Run `run` `repeats` times; the caller builds its inputs beforehand, outside the clock."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeats):
        cpu = time.process_time()
        wall = time.perf_counter()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(tuple(walls), tuple(cpus))


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the (already sorted, non-empty) values fall."""
    index = min(len(sorted_values) - 1, int(fraction * len(sorted_values)))
    return sorted_values[index]


def rounds(runs: Mapping[str, Callable[[], object]], repeats: int) -> dict[str, Timing]:
    """Time every run once per round, `repeats` rounds: load that comes and goes on a shared
    machine then falls on all of them alike, instead of on whichever happened to run then."""
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            timing = best_of(run, 1)
            walls[name].append(timing.walls[0])
            cpus[name].append(timing.cpus[0])
    return {name: Timing(tuple(walls[name]), tuple(cpus[name])) for name in runs}


class PerCall(Generic[Item]):
    """A run that times each call on its own, keeping the durations of every repetition."""

    def __init__(self, call: Callable[[Item], object], items: Sequence[Item]) -> None:
        self.call = call
        self.items = items
        self.repetitions: list[list[float]] = []

    def __call__(self) -> None:
        clock = time.perf_counter
        call = self.call
        durations = []
        for item in self.items:
            start = clock()
            call(item)
            durations.append(clock() - start)
        self.repetitions.append(durations)

    def best(self) -> list[float]:
        """The sorted per-call durations of the repetition whose calls took least in total."""
        return sorted(min(self.repetitions, key=sum))

    def rate(self) -> float:
        """Calls per second, counting only the time inside the calls."""
        best = self.best()
        return len(best) / sum(best)
