"""The figures of each kind of fault against the goals of issue 15: every urgent alert delivered
within 60 s of the end of the fault, and none received twice by the SMTP server."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from benchkit.report import Figure

if TYPE_CHECKING:  # the trials import Django's models, ready only after django.setup()
    from deliverybench.trials import Kind, Trial

GOAL_SECONDS = 60.0
LABELS: dict[Kind, str] = {
    "kill": "worker killed (kill -9)",
    "outage": "SMTP server down and up",
}
SINCE: dict[Kind, str] = {
    "kill": "the new worker's start",
    "outage": "the server's return",
}


def summary(kind: Kind, trials: Sequence[Trial]) -> dict[str, Any]:
    seconds = sorted(s for trial in trials for s in trial.outstanding)
    urgent = sum(trial.urgent for trial in trials)
    return {
        "kind": kind,
        "trials": len(trials),
        "urgent_alerts": urgent,
        "urgent_after_recovery": len(seconds),
        "max_s": seconds[-1] if seconds else 0.0,
        "p95_s": percentile(seconds, 0.95),
        "p50_s": percentile(seconds, 0.50),
        "urgent_duplicates": sum(trial.urgent_duplicates for trial in trials),
        "urgent_doubled": sum(trial.urgent_doubled for trial in trials),
        "doubled": sum(len(trial.duplicated) for trial in trials),
        "duplicates": sum(trial.duplicates for trial in trials),
        "messages": sum(trial.messages for trial in trials),
        "trials_with_duplicates": sum(1 for trial in trials if trial.duplicates),
    }


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of sorted values (0 when there are none)."""
    if not values:
        return 0.0
    return values[max(0, math.ceil(share * len(values)) - 1)]


def figures(line: dict[str, Any]) -> list[Figure]:
    kind: Kind = line["kind"]
    label = LABELS[kind]
    once = line["urgent_alerts"] - line["urgent_doubled"]
    return [
        Figure(f"{label}: last urgent alert, max", line["max_s"], "s", "goal", GOAL_SECONDS),
        Figure(f"{label}: urgent alerts, p95", line["p95_s"], "s", "goal", GOAL_SECONDS),
        Figure(
            f"{label}: urgent alerts received once",
            once,
            "alerts",
            "goal: all",
            line["urgent_alerts"],
        ),
        Figure(
            f"{label}: emails received once",
            line["messages"] - line["doubled"],
            "emails",
            "all",
            line["messages"],
        ),
    ]


def table(lines: Sequence[dict[str, Any]]) -> str:
    """Per kind: trials, urgent alerts, max and p95 after the recovery, duplicates, verdicts."""
    rows = [
        (
            "fault",
            "trials",
            "urgent",
            "after recovery",
            "max s",
            "p95 s",
            "goal",
            "duplicates",
            "goal",
            "verdict",
        ),
    ]
    for line in lines:
        late = line["max_s"] > GOAL_SECONDS
        doubled = line["urgent_duplicates"] > 0
        rows.append(
            (
                LABELS[line["kind"]],
                str(line["trials"]),
                str(line["urgent_alerts"]),
                str(line["urgent_after_recovery"]),
                f"{line['max_s']:.1f}",
                f"{line['p95_s']:.1f}",
                f"≤ {GOAL_SECONDS:.0f} s {'NOT met' if late else 'met'}",
                f"{line['urgent_duplicates']} urgent, {line['duplicates']} in all",
                f"0 {'NOT met' if doubled else 'met'}",
                "NOT met" if late or doubled else "met",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    out = []
    for index, row in enumerate(rows):
        out.append("  ".join(cell.ljust(widths[c]) for c, cell in enumerate(row)).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def duplicates_said(kind: Kind, trials: Sequence[Trial]) -> list[str]:
    """Each trial that left a duplicate, what was doubled and how many messages had arrived when
    the fault struck."""
    return [
        f"  {LABELS[kind]}, trial {trial.number}: {trial.duplicates} duplicate(s) "
        f"({', '.join(trial.duplicated)}), the copy {_seconds(trial.copies_after)} after recovery; "
        f"fault after {trial.killed_after} messages accepted"
        for trial in trials
        if trial.duplicates
    ]


def _seconds(values: Sequence[float]) -> str:
    return ", ".join(f"{value:.1f} s" for value in values)
