"""Sojourn under load: a Monday morning of travellers, officers and oversight at 50 and 200 users.

    .venv/bin/python bench/load.py                        # BENCH_SCALE=quick, a throwaway SQLite
    scripts/with-postgres .venv/bin/python bench/load.py  # on a throwaway PostgreSQL cluster
    BENCH_SCALE=full .venv/bin/python bench/load.py       # the outside run's 50,000 trips, longer

Goal (issue 15): no error at 200 users, and every request kind's p95 within 5× of the trips
list's p95 in the same step; beside it, each kind's p50 against the liveness probe's p50 in the
same step (`GET /api/v1/health/live`: the process answers).

The world: `sojourn synth` (one organisation per 5,000 trips, one person per 10 trips, as
bench/scale.py) as of now, every account sharing one password, into the run's empty database.
Then `sojourn serve` on a free loopback port (loadbench/server.py: gunicorn, 2 × cores sync
workers, no worker loop). Officers and oversight sign in through the sign-in page once, before
the first step (loadbench/signin.py). Then locust, headless, in a process of its own
(loadbench/drive.py), one step per number of users: the users start at SPAWN_RATE a second and
each does every one of their actions once during the warm-up, then the statistics are reset and
the step is measured for its seconds. The mix and
what counts as an error: loadbench/locustfile.py. Each step starts its users afresh; the world
keeps what the earlier step wrote (trips reported and decided, check-ins).

Everything runs on this machine: the load generator, the server and (on PostgreSQL) the
database share its cores, so the absolute figures say more about the machine than about
Sojourn; the ratios in the same step are the figures to compare.
"""
# bench: database

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchkit import machine, report
from benchkit.report import Figure
from benchkit.scale import positive_int, scale
from loadbench import figures as goals
from loadbench.server import LIVENESS, Server
from tickbench import database

NAME = "load"
BENCH = Path(__file__).resolve().parent
TRIPS = {"quick": 20_000, "full": 50_000}
STEPS = {"quick": ((50, 20), (200, 30)), "full": ((50, 120), (200, 300))}
"""(users, measured seconds) of each step."""
SPAWN_RATE = 20.0
WARM_UP_MOST = 90.0
"""After the last user has started, at most this long for every user's first round of actions
before the measured window opens (on a busy machine a round of 200 users takes a while)."""
PASSWORD = "load-benchmark-2026"
"""The throwaway world's shared password."""


def main(argv: Sequence[str]) -> int:
    del argv
    size = scale()
    count = positive_int("BENCH_TRIPS", TRIPS[size])
    seed = positive_int("BENCH_SEED", 1)
    scratch = database.setup()
    try:
        return _run(size, count, seed)
    finally:
        database.cleanup(scratch)


def _run(size: str, count: int, seed: int) -> int:
    from django.db import connection

    from sojourn.people.models import Organisation

    started = datetime.datetime.now(datetime.UTC)
    tables = connection.introspection.table_names()
    if "people_organisation" in tables and Organisation.objects.exists():
        raise SystemExit(
            "refusing to run: the database already has organisations. bench/load.py fills "
            "its own world; give it an empty database (make bench does)."
        )
    database.migrate()
    db = database.describe()
    box = machine.describe(("django", "psycopg", "gunicorn", "locust"))
    steps = STEPS[size]
    print(
        f"{NAME} · {db['vendor']} {db['version']} · BENCH_SCALE={size} · {count:,} trips · "
        f"steps: {', '.join(f'{users} users for {seconds} s' for users, seconds in steps)}"
    )
    print(machine.summary(box))
    world = _world(count, seed)
    print(f"world: {world['rows']}", flush=True)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="sojourn-load-") as directory:
        server = Server(Path(directory))
        try:
            server.start()
            liveness = LIVENESS
            print(
                f"serving on {server.url} (sojourn serve, {server.workers} sync workers); "
                f"liveness probe GET {liveness}",
                flush=True,
            )
            cast = _cast(max(users for users, _ in steps), server, liveness, Path(directory))
            print(f"cast: {cast['counts']}", flush=True)
            for users, seconds in steps:
                print(f"step: {users} users, {seconds} s measured …", flush=True)
                step = _step(server.url, Path(directory), users, seconds, cast["path"])
                step["load_average_1"] = round(os.getloadavg()[0], 2)
                results.append(step)
            server_errors = server.errors()
        finally:
            server.stop()
    figures: list[Figure] = [figure for step in results for figure in goals.figures(step)]
    print()
    print(report.table(figures))
    for step in results:
        print()
        print(f"{step['users']} users, {step['seconds']:.0f} s measured:")
        print(goals.table(step))
        for line in goals.verdicts(step):
            print(line)
        print(_generator(step))
    if server_errors:
        print(f"server log: {len(server_errors)} error lines, the first: {server_errors[0]}")
    path = report.write_json(
        f"{NAME}.{db['vendor']}",
        {
            "benchmark": NAME,
            "started": started.isoformat(timespec="seconds"),
            "command": _command(size, db["vendor"]),
            "scale": size,
            "trips": count,
            "seed": seed,
            "database": db,
            "machine": box,
            "world": world,
            "liveness": liveness,
            "cast": cast["counts"],
            "server": {"command": "sojourn serve", "workers": server.workers},
            "spawn_rate": SPAWN_RATE,
            "figures": [figure.to_dict() for figure in figures],
            "steps": results,
            "server_error_lines": server_errors[:50],
        },
    )
    print(f"results: {path}")
    return 0


def _world(count: int, seed: int) -> dict[str, Any]:
    """`sojourn synth` as of now, every account sharing PASSWORD; committed for the server."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.utils import timezone

    from sojourn.demo.management.commands.synth import LOAD_TEST_ITERATIONS
    from sojourn.synth import world

    now = timezone.now().replace(second=0, microsecond=0)
    password = PBKDF2PasswordHasher().encode(
        PASSWORD, PBKDF2PasswordHasher().salt(), iterations=LOAD_TEST_ITERATIONS
    )
    options = world.Options(
        organisations=max(1, count // 5_000),
        people=max(40, count // 10),
        trips=count,
        seed=seed,
        now=now,
        password=password,
    )
    clock = time.perf_counter()
    summary = world.run(options)
    return {
        "now": now.isoformat(),
        "organisations": options.organisations,
        "people": options.people,
        "seconds": round(time.perf_counter() - clock, 1),
        "rows": summary.rows,
        "statuses": summary.statuses,
    }


def _cast(most_users: int, server: Server, liveness: str, directory: Path) -> dict[str, Any]:
    """Who the users are (loadbench.cast), officers and oversight signed in once for the run."""
    from loadbench import cast, signin

    picked = cast.pick(most_users, liveness)
    people = [*picked["officers"], *picked["oversight"]]
    picked["sessions"], seconds = signin.sign_in_all(server.url, people, PASSWORD, server.workers)
    path = cast.write(picked, directory / "cast.json")
    counts: dict[str, Any] = {
        role: len(picked[role]) for role in ("travellers", "officers", "oversight")
    }
    counts["sign_in_s"] = round(seconds, 1)
    return {"path": path, "counts": counts}


def _step(url: str, directory: Path, users: int, seconds: int, cast: Path) -> dict[str, Any]:
    out = directory / f"step-{users}.json"
    warm_up = users / SPAWN_RATE + WARM_UP_MOST
    command = [
        sys.executable,
        "-m",
        "loadbench.drive",
        "--host",
        url,
        "--users",
        str(users),
        "--spawn-rate",
        str(SPAWN_RATE),
        "--warm-up",
        f"{warm_up:.1f}",
        "--seconds",
        str(seconds),
        "--out",
        str(out),
    ]
    done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        command,
        cwd=BENCH,
        env={**os.environ, "SOJOURN_LOAD_CAST": str(cast)},
        capture_output=True,
        text=True,
        timeout=warm_up + seconds + 300,
        check=False,
    )
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"load: the {users}-user step failed:\n{done.stdout}{done.stderr}")
    step: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return step


def _generator(step: dict[str, Any]) -> str:
    """The load generator's share of the machine during the step."""
    wall = step["warm_up_s"] + step["seconds"]
    return (
        f"load generator: {step['generator_cpu_s']:.1f} s CPU over {wall:.0f} s "
        f"({step['generator_cpu_s'] / wall:.0%} of a core); {step['users_running']} users "
        f"running at the end; load average {step['load_average_1']:.1f} on "
        f"{os.cpu_count()} cores"
    )


def _command(size: str, vendor: str) -> str:
    base = f"BENCH_SCALE={size} .venv/bin/python bench/load.py"
    return f"scripts/with-postgres {base}" if vendor == "postgresql" else base


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
