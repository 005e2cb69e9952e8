"""One table per run (figure, value, baseline measured in the same run, ratio) and its JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent.parent / "results"


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline_name: str
    baseline: float
    """The same-run measurement (or the stated goal) the value is compared with."""

    @property
    def ratio(self) -> float:
        """value / baseline: for rates, above 1 means the figure beats its baseline."""
        return self.value / self.baseline

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": round(self.ratio, 3)}


def table(figures: Sequence[Figure]) -> str:
    rows = [("figure", "value", "baseline", "", "ratio")]
    rows += [
        (
            figure.name,
            f"{number(figure.value)} {figure.unit}",
            figure.baseline_name,
            f"{number(figure.baseline)} {figure.unit}",
            ratio(figure.ratio),
        )
        for figure in figures
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            row[0].ljust(widths[0]),
            row[1].rjust(widths[1]),
            row[2].ljust(widths[2]),
            row[3].rjust(widths[3]),
            row[4].rjust(widths[4]),
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def write_json(name: str, document: dict[str, Any]) -> Path:
    """bench/results/NAME.json: the last run's results (not committed)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def ratio(value: float) -> str:
    """2.61×, 0.47×; two significant digits below 0.01 (0.0040×), never a bare 0.00×."""
    return f"{value:.2f}×" if abs(value) >= 0.01 or value == 0 else f"{value:.2g}×"


def number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
