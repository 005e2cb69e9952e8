"""Where a pass's time goes: one line per job, with its statements and the slowest kinds."""

from __future__ import annotations

from tickbench import probe
from tickbench.runner import PassRun


def table(cold: PassRun, idle: PassRun) -> str:
    header = (
        "job",
        "cold s",
        "units",
        "ms/unit",
        "statements",
        "per unit",
        "in execute()",
        "CPU/wall",
        "idle s",
        "idle statements",
    )
    rows = [header]
    for job, quiet in zip(cold.jobs, idle.jobs, strict=True):
        queries = job.probe.queries if job.probe else 0
        executing = job.probe.seconds if job.probe else 0.0
        rows.append(
            (
                job.name,
                f"{job.seconds:.2f}",
                f"{job.count:,}",
                f"{1000 * job.seconds / job.count:.2f}" if job.count else "—",
                f"{queries:,}",
                f"{queries / job.count:.1f}" if job.count else "—",
                f"{executing:.2f} s",
                f"{job.cpu_seconds / job.seconds:.2f}" if job.seconds else "—",
                f"{quiet.seconds:.3f}",
                f"{quiet.probe.queries:,}" if quiet.probe else "—",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def statements(run: PassRun, *, label: str) -> list[str]:
    """The kinds of statement that took longest inside execute(), job by job."""
    lines = [f"Statements of the {label} pass, by job (count / seconds inside execute()):"]
    for job in run.jobs:
        if job.probe is not None and job.probe.queries:
            lines.append(f"  {job.name}: {probe.summary(job.probe, job.count)}")
    return lines
