"""What is wrong with a policy pack: every problem, each with its path in the document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Path = tuple[str | int, ...]


def dotted(path: Path) -> str:
    """('tiers', 'restricted', 'approvals', 0) -> 'tiers.restricted.approvals[0]'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        what = f"{self.path}: " if self.path else ""
        return f"{where}{what}{self.message}"


class PackError(ValueError):
    """An invalid pack, with every problem found (not just the first)."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        plural = "" if count == 1 else "s"
        super().__init__(f"policy pack {source} is invalid ({count} problem{plural}):\n{lines}")
