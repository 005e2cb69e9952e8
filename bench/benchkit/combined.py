"""The one table of a `make bench` run: every figure of every benchmark, on every database.

    cd bench && ../.venv/bin/python -m benchkit.combined --since 1795000000

Reads the results each benchmark wrote (`bench/results/*.json`) no earlier than `--since` (the
Unix time the run started, so a result left over from an earlier run is never shown as this
run's), prints them as one table — benchmark, database, figure, value, baseline, ratio — and
saves the table as `bench/results/combined.txt`. Exits 1 when no result of this run is found.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchkit.report import RESULTS, number, ratio

COLUMNS = ("benchmark", "database", "figure", "value", "baseline", "", "ratio")
RIGHT = {3, 5, 6}


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", type=float, default=0.0, help="Unix time the run started")
    options = parser.parse_args(argv)
    documents = fresh(RESULTS, options.since)
    if not documents:
        print(f"no benchmark result written since {options.since:.0f} in {RESULTS}")
        return 1
    text = render(documents)
    print(text)
    (RESULTS / "combined.txt").write_text(text + "\n", "utf-8")
    return 0


def fresh(folder: Path, since: float) -> list[dict[str, Any]]:
    """The result documents written at or after `since`, in benchmark then database order."""
    documents = []
    for path in sorted(folder.glob("*.json")):
        if path.stat().st_mtime < since:
            continue
        document = json.loads(path.read_text("utf-8"))
        if isinstance(document, dict) and document.get("figures"):
            documents.append(document)
    return sorted(documents, key=lambda document: (_benchmark(document), _database(document)))


def render(documents: Sequence[dict[str, Any]]) -> str:
    rows: list[tuple[str, ...]] = [COLUMNS]
    for document in documents:
        for figure in document["figures"]:
            unit = figure["unit"]
            rows.append(
                (
                    _benchmark(document),
                    _database(document),
                    figure["name"],
                    f"{number(figure['value'])} {unit}",
                    figure["baseline_name"],
                    f"{number(figure['baseline'])} {unit}",
                    ratio(figure["value"] / figure["baseline"]),
                )
            )
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.rjust(widths[column]) if column in RIGHT else cell.ljust(widths[column])
            for column, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    scales = sorted({str(document.get("scale", "?")) for document in documents})
    lines.append("")
    lines.append(
        f"{len(rows) - 1} figures from {len(documents)} runs · BENCH_SCALE={', '.join(scales)} · "
        "ratio = value / baseline; the baseline was measured in the same run, or is a goal "
        "(named so)"
    )
    return "\n".join(lines)


def _benchmark(document: dict[str, Any]) -> str:
    return str(document.get("benchmark", "?"))


def _database(document: dict[str, Any]) -> str:
    database = document.get("database")
    if isinstance(database, dict):
        return str(database.get("vendor", "?"))
    return "—"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
