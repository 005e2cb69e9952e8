"""One step of the load benchmark: so many users of the mix against a served Sojourn.

    cd bench && SOJOURN_LOAD_CAST=cast.json ../.venv/bin/python -m loadbench.drive \\
        --host http://127.0.0.1:8123 --users 50 --spawn-rate 25 --warm-up 10 --seconds 20 \\
        --out step.json

Runs in a process of its own: importing locust patches the standard library with gevent. The
users are started at `--spawn-rate` a second, and each does every one of their actions once:
that is the warm-up, which ends when they all have (after `--warm-up` seconds at most; the JSON
says how many had, `first_rounds`). Then the statistics are reset and `--seconds` are measured.
Writes, per request kind of the measured window: requests, failures, requests per second,
p50 / p95 / p99 / max in ms (each request's own time as locust's client measured it, to the end
of the body: locust's histogram rounds above 100 ms); the same for the warm-up; and every
failure of the whole step, warm-up included. The load generator's own CPU time is recorded: it
shares the machine with the server.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gevent
from benchkit.timing import percentile
from locust.env import Environment
from locust.stats import RequestStats

from loadbench import locustfile as mix
from loadbench.kinds import KINDS

USER_CLASSES = [mix.Traveller, mix.Officer, mix.Oversight, mix.Probe]
PERCENTILES = {"p50_ms": 0.50, "p95_ms": 0.95, "p99_ms": 0.99}


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--spawn-rate", type=float, required=True)
    parser.add_argument("--warm-up", type=float, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--one-each",
        action="store_true",
        help="one user of each role, whatever --users says (the mix's test)",
    )
    options = parser.parse_args(argv)
    if options.one_each:
        for user_class in USER_CLASSES:
            user_class.fixed_count = 1
        options.users = len(USER_CLASSES)
    result = run(options.host, options.users, options.spawn_rate, options.warm_up, options.seconds)
    options.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


class Recorder:
    """Every request's time as measured (locust's own histogram rounds above 100 ms), and its
    outcome; in the measured window only, or during the warm-up."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.failures: dict[str, int] = {}

    def __call__(
        self, name: str, response_time: float, exception: BaseException | None, **_: Any
    ) -> None:
        self.times.setdefault(name, []).append(response_time)
        if exception is not None:
            self.failures[name] = self.failures.get(name, 0) + 1

    def figures(self, seconds: float) -> dict[str, dict[str, Any]]:
        return {
            name: _figures(times, self.failures.get(name, 0), seconds)
            for name, times in sorted(self.times.items())
        }


def run(host: str, users: int, spawn_rate: float, warm_up: float, seconds: float) -> dict[str, Any]:
    environment = Environment(user_classes=USER_CLASSES, host=host)  # type: ignore[arg-type]
    runner = environment.create_local_runner()
    warm, measured = Recorder(), Recorder()
    environment.events.request.add_listener(warm)
    cpu = _cpu()
    runner.start(users, spawn_rate=spawn_rate)
    warmed = _first_rounds(users, warm_up)
    environment.events.request.remove_listener(warm)
    warm_errors = _errors(environment.stats)
    environment.stats.reset_all()
    environment.events.request.add_listener(measured)
    started = time.perf_counter()
    gevent.sleep(seconds)
    environment.events.request.remove_listener(measured)
    elapsed = time.perf_counter() - started
    errors = _errors(environment.stats)
    running = runner.user_count
    runner.quit()
    every = [time for times in measured.times.values() for time in times]
    return {
        "users": users,
        "mix": list(KINDS),
        "users_running": running,
        "spawn_rate": spawn_rate,
        "warm_up_s": round(warmed, 2),
        "first_rounds": dict(mix.FIRST_ROUNDS),
        "seconds": round(elapsed, 2),
        "kinds": measured.figures(elapsed),
        "total": _figures(every, sum(measured.failures.values()), elapsed),
        "warm_up": warm.figures(warmed),
        "failures": warm_errors + errors,
        "races": dict(mix.RACES),
        "generator_cpu_s": round(_cpu() - cpu, 2),
    }


def _first_rounds(users: int, most: float) -> float:
    """Wait until every user has done each of their actions once, at most `most` seconds; the
    seconds waited."""
    started = time.perf_counter()
    while sum(mix.FIRST_ROUNDS.values()) < users and time.perf_counter() - started < most:
        gevent.sleep(0.1)
    return time.perf_counter() - started


def _errors(stats: RequestStats) -> list[dict[str, Any]]:
    return [
        {
            "kind": error.name,
            "method": error.method,
            "error": str(error.error)[:300],
            "occurrences": error.occurrences,
        }
        for error in stats.errors.values()
    ]


def _figures(times: list[float], failures: int, seconds: float) -> dict[str, Any]:
    ordered = sorted(times)
    found: dict[str, Any] = {
        "requests": len(ordered),
        "failures": failures,
        "requests_per_s": round(len(ordered) / seconds, 2) if seconds else 0.0,
        "max_ms": round(ordered[-1], 2) if ordered else None,
    }
    for key, fraction in PERCENTILES.items():
        found[key] = round(percentile(ordered, fraction), 2) if ordered else None
    return found


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
