"""One step's figures against the goals of issue 15, for the table, the lines and the JSON.

Goals: no error at 200 users, and every kind's p95 within 5× of the trips list's p95 in the same
step. Reported beside them, without a goal: each kind's p50 against the liveness probe's p50 in
the same step (what the kind costs over a request that does nothing).
"""

from __future__ import annotations

from typing import Any

from benchkit.report import Figure, ratio

from loadbench.kinds import KINDS, LIVENESS, TRIPS_LIST

P95_TIMES = 5.0
GOAL_ERRORS_AT = 200
GOAL = "goal (issue 15)"


def baselines(step: dict[str, Any]) -> tuple[float | None, float | None]:
    """The probe's p50 and 5 × the trips list's p95 in the step (None: not answered in it)."""
    kinds = step["kinds"]
    probe = kinds.get(LIVENESS, {}).get("p50_ms")
    trips = kinds.get(TRIPS_LIST, {}).get("p95_ms")
    return probe or None, P95_TIMES * trips if trips else None


def figures(step: dict[str, Any]) -> list[Figure]:
    users, kinds = step["users"], step["kinds"]
    probe, bound = baselines(step)
    found = [
        Figure(
            f"{users} users: requests answered as expected",
            100.0 * (1 - _errors(step) / max(1, _requests(step))),
            "%",
            f"{GOAL}: every one (no error)",
            100.0,
        )
    ]
    for kind in measured(step) if probe else []:
        found.append(
            Figure(
                f"{users} users: p50 {kind}",
                kinds[kind]["p50_ms"],
                "ms",
                "liveness probe p50, same step",
                probe,
            )
        )
    for kind in measured(step) if bound else []:
        if kind == TRIPS_LIST:
            continue
        found.append(
            Figure(
                f"{users} users: p95 {kind}",
                kinds[kind]["p95_ms"],
                "ms",
                f"{GOAL}: ≤ {P95_TIMES:.0f} × trips list p95",
                bound,
            )
        )
    return found


def measured(step: dict[str, Any]) -> list[str]:
    """The kinds of the mix that were asked in the measured window, in the mix's order."""
    return [kind for kind in KINDS if step["kinds"].get(kind, {}).get("requests")]


def missing(step: dict[str, Any]) -> list[str]:
    return [kind for kind in KINDS if kind not in measured(step)]


def table(step: dict[str, Any]) -> str:
    """Every kind of one step: requests, rate, errors, percentiles, and the two ratios."""
    kinds = step["kinds"]
    probe, bound = baselines(step)
    rows = [
        (
            "kind",
            "requests",
            "req/s",
            "errors",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "p50/probe",
            f"p95/({P95_TIMES:.0f}×trips)",
        )
    ]
    for kind in measured(step):
        found = kinds[kind]
        rows.append(
            (
                kind,
                f"{found['requests']:,}",
                f"{found['requests_per_s']:.1f}",
                str(found["failures"]),
                f"{found['p50_ms']:.1f}",
                f"{found['p95_ms']:.1f}",
                f"{found['p99_ms']:.1f}",
                ratio(found["p50_ms"] / probe) if probe else "—",
                ratio(found["p95_ms"] / bound) if bound and kind != TRIPS_LIST else "—",
            )
        )
    total = step["total"]
    rows.append(
        (
            "all kinds",
            f"{total['requests']:,}",
            f"{total['requests_per_s']:.1f}",
            str(total["failures"]),
            f"{total['p50_ms'] or 0:.1f}",
            f"{total['p95_ms'] or 0:.1f}",
            f"{total['p99_ms'] or 0:.1f}",
            "",
            "",
        )
    )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(widths[column]) if column == 0 else cell.rjust(widths[column])
            for column, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def verdicts(step: dict[str, Any]) -> list[str]:
    """The goals, met or not, and by how much."""
    users, kinds = step["users"], step["kinds"]
    _, bound = baselines(step)
    errors = _errors(step)
    lines = []
    if users >= GOAL_ERRORS_AT:
        verdict = "met" if errors == 0 else f"NOT met: {errors:,} errors"
        lines.append(f"{GOAL}: no error at {users} users (warm-up included) — {verdict}")
    elif errors:
        lines.append(f"{errors:,} errors at {users} users (warm-up included)")
    if bound is None:
        lines.append(
            f"{GOAL}: p95 within {P95_TIMES:.0f}× the trips list's — cannot be judged: "
            "no trips list was answered in the measured window"
        )
    else:
        over = {
            kind: kinds[kind]["p95_ms"] / bound
            for kind in measured(step)
            if kind != TRIPS_LIST and kinds[kind]["p95_ms"] > bound
        }
        lines.append(
            f"{GOAL}: every kind's p95 ≤ {P95_TIMES:.0f} × the trips list's "
            f"({bound / P95_TIMES:.1f} ms × {P95_TIMES:.0f} = {bound:.0f} ms) at {users} users — "
            + (
                "met"
                if not over
                else "NOT met: "
                + ", ".join(f"{kind} {share:.2f}× the bound" for kind, share in over.items())
            )
        )
    if sum(step["first_rounds"].values()) < step["users"]:
        lines.append(
            f"warm-up cut at {step['warm_up_s']:.0f} s: "
            f"{sum(step['first_rounds'].values())} of {step['users']} users had done a first round"
        )
    if missing(step):
        lines.append(f"not asked in the measured window: {', '.join(missing(step))}")
    for failure in step["failures"]:
        lines.append(
            f"error ×{failure['occurrences']}: {failure['method']} {failure['kind']}: "
            f"{failure['error']}"
        )
    if step["races"]:
        lines.append(
            "decisions a colleague made first (409, as it should): "
            + ", ".join(f"{kind} {count}" for kind, count in step["races"].items())
        )
    return lines


def _errors(step: dict[str, Any]) -> int:
    return sum(failure["occurrences"] for failure in step["failures"])


def _requests(step: dict[str, Any]) -> int:
    warm = sum(found["requests"] for found in step["warm_up"].values())
    return int(step["total"]["requests"]) + warm
