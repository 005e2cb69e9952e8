"""A progress line per stage on stderr: updated in place on a terminal, printed once when done
otherwise (a log then holds one line per stage, not thousands)."""

from __future__ import annotations

import time
from collections.abc import Callable


class Progress:
    def __init__(self, emit: Callable[[str], None] | None = None, *, live: bool = False) -> None:
        """`emit` writes text as it is (None: quiet); `live` when it goes to a terminal."""
        self.emit = emit
        self.live = live

    def stage(self, name: str, total: int) -> Stage:
        return Stage(self, name, total)

    def write(self, text: str, *, final: bool) -> None:
        if self.emit is None or not (final or self.live):
            return
        if self.live:
            self.emit("\r\033[K" + text + ("\n" if final else ""))
        else:
            self.emit(text + "\n")


class Stage:
    def __init__(self, progress: Progress, name: str, total: int) -> None:
        self.progress = progress
        self.name = name
        self.total = total
        self.done = 0
        self.started = time.perf_counter()
        self._shown = 0.0

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def advance(self, count: int) -> None:
        self.done += count
        now = time.perf_counter()
        if now - self._shown >= 0.25:
            self._shown = now
            self.progress.write(self._line(), final=False)

    def finish(self) -> float:
        self.done = max(self.done, self.total)
        self.progress.write(self._line(), final=True)
        return self.seconds

    def _line(self) -> str:
        share = f" {100 * self.done // self.total:3d}%" if self.total else ""
        count = f" {self.done:,}/{self.total:,}" if self.total else ""
        return f"synth: {self.name:<11}{count}{share}  {self.seconds:6.1f} s"
