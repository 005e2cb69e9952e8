"""One worker pass, job by job: `run(now)` calls every job of `sojourn.care.worker.jobs()` in
order, as `run_pass(now)` does, and times each on its own.

Before each job, outside its clock, the bare-SQL read of the job's candidate rows is timed on
the same database state the job then finds (see baseline.py). While a job runs, a probe counts
its statements (see probe.py).
"""

from __future__ import annotations

import datetime
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from sojourn.care import passes, worker
from tickbench import baseline
from tickbench.probe import Probe

DELIVERY = "delivery"


@dataclass
class JobRun:
    name: str
    count: int
    seconds: float
    cpu_seconds: float
    probe: Probe | None
    bare: baseline.Read | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "seconds": round(self.seconds, 4),
            "cpu_seconds": round(self.cpu_seconds, 4),
            "bare_read_s": round(self.bare.seconds, 4) if self.bare else None,
            "bare_read_rows": self.bare.rows if self.bare else None,
            **(self.probe.to_dict() if self.probe else {}),
        }


@dataclass
class PassRun:
    now: datetime.datetime
    jobs: list[JobRun] = field(default_factory=list)
    emails: int = 0
    """Messages the SMTP sink accepted during the pass (set by the caller, who reads it)."""

    @property
    def seconds(self) -> float:
        return sum(job.seconds for job in self.jobs)

    @property
    def cpu_seconds(self) -> float:
        return sum(job.cpu_seconds for job in self.jobs)

    @property
    def units(self) -> int:
        return sum(job.count for job in self.jobs)

    @property
    def due(self) -> list[JobRun]:
        """Every job but the delivery of email: the pass's due work."""
        return [job for job in self.jobs if job.name != DELIVERY]

    @property
    def due_seconds(self) -> float:
        return sum(job.seconds for job in self.due)

    @property
    def delivery(self) -> JobRun:
        return next(job for job in self.jobs if job.name == DELIVERY)

    @property
    def bare_seconds(self) -> float:
        return sum(job.bare.seconds for job in self.jobs if job.bare)

    @property
    def statements(self) -> int:
        return sum(job.probe.queries for job in self.jobs if job.probe)

    @property
    def bare_rows(self) -> int:
        return sum(job.bare.rows for job in self.jobs if job.bare)

    def counts(self) -> dict[str, int]:
        return {job.name: job.count for job in self.jobs}

    def to_dict(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 4),
            "cpu_seconds": round(self.cpu_seconds, 4),
            "units": self.units,
            "emails_accepted_by_sink": self.emails,
            "bare_read_s": round(self.bare_seconds, 4),
            "bare_read_rows": self.bare_rows,
            "jobs": {job.name: job.to_dict() for job in self.jobs},
        }


def run(now: datetime.datetime, *, probe: bool = True, bare: bool = True) -> PassRun:
    queries = baseline.candidates(now)
    missing = [name for name, _job in worker.jobs() if name not in queries]
    if bare and missing:
        raise SystemExit(
            f"bench/tickbench/baseline.py has no candidate query for the job(s) {missing}: "
            "add the query each one uses to find its work."
        )
    result = PassRun(now=now)
    for name, job in worker.jobs():
        read = baseline.read(queries[name]) if bare and queries[name] else None
        watch = Probe() if probe else None
        wrapper: AbstractContextManager[object] = (
            connection.execute_wrapper(watch) if watch is not None else nullcontext()
        )
        with wrapper:
            cpu, wall = time.process_time(), time.perf_counter()
            count = job(now, passes._never)
            seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
        result.jobs.append(JobRun(name, count, seconds, cpu_seconds, watch, read))
    return result


def run_pass(now: datetime.datetime) -> tuple[float, dict[str, int]]:
    """`worker.run_pass(now)` itself: its own clock and its counts."""
    result = worker.run_pass(now)
    return result.seconds, dict(result.counts)
