"""Sojourn at scale: the synthetic world of 50,000 / 1,000,000 trips, and what must stay fast in it.

    .venv/bin/python bench/scale.py                        # BENCH_SCALE=quick: 50,000 trips
    BENCH_SCALE=full .venv/bin/python bench/scale.py       # 1,000,000 trips
    scripts/with-postgres .venv/bin/python bench/scale.py  # on a throwaway PostgreSQL cluster
    BENCH_PARTS=pages .venv/bin/python bench/scale.py      # build the world, measure the pages only

The world is built once; then each part of `scalebench` (the pages and API lists, the API's
throughput under wrk, the re-assessment of every open trip) measures against it, and every
figure joins one table. The part `synth` is the timing of the build itself:

The database is the one SOJOURN_DATABASE_URL names (without it, a throwaway SQLite file); it must
be empty: the run migrates it and refuses one that already has organisations. Each round fills
it with the world of `sojourn synth --orgs O --people P --trips N --seed S` (one organisation
per 5,000 trips, one person per 10, as in the issue's 200 / 100,000 / 1,000,000), timed from
the start to the end of the run: generation, assessments, the bulk writes, the foreign keys
added back, the commit and ANALYZE. Between rounds the world's tables are emptied.

Baseline, measured in the same run on the same database: a bare bulk write of as many plain
rows as the world has (six columns, primary key only), the way the world is written (COPY on
PostgreSQL, executemany on SQLite), in one transaction. At the full size on PostgreSQL the goal
of issue 8 (under 300 s) is a row of its own. The CPU time of the synth process and of its
PostgreSQL backend is printed with the wall time: on a shared machine the wall time includes
waiting for a core. After the last round, 1,000 reported trips picked at random are assessed
afresh by the app and compared with their stored assessment.
"""
# bench: database

from __future__ import annotations

import datetime
import importlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchkit import machine, report
from benchkit.report import Figure
from benchkit.scale import positive_int, scale
from tickbench import database

if TYPE_CHECKING:  # imports models: imported once Django is set up
    from sojourn.synth.world import Summary

NAME = "scale"
TRIPS = {"quick": 50_000, "full": 1_000_000}
ROUNDS = {"quick": 1, "full": 1}
GOAL_SECONDS = 300.0
GOAL_TRIPS = 1_000_000
"""Issue 8: 1,000,000 trips in under 5 minutes on PostgreSQL, on this machine."""
NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
SAMPLE = 1_000


def main(argv: Sequence[str]) -> int:
    del argv
    size = scale()
    count = positive_int("BENCH_TRIPS", TRIPS[size])
    seed = positive_int("BENCH_SEED", 1)
    repeats = positive_int("BENCH_ROUNDS", ROUNDS[size])
    scratch = database.setup()
    try:
        return _run(size, count, seed, repeats)
    finally:
        database.cleanup(scratch)


def _run(size: str, count: int, seed: int, repeats: int) -> int:
    from django.db import connection
    from scalebench import Part, World, agreement, baseline, chosen

    from sojourn.people.models import Organisation
    from sojourn.synth import world
    from sojourn.synth.progress import Progress

    started = datetime.datetime.now(datetime.UTC)
    parts = chosen()
    tables_there = connection.introspection.table_names()
    if "people_organisation" in tables_there and Organisation.objects.exists():
        raise SystemExit(
            "refusing to run: the database already has organisations. bench/scale.py "
            "fills its own world; give it an empty database (make bench does)."
        )
    database.migrate()
    db = database.describe()
    box = machine.describe(("django", "psycopg"))
    options = world.Options(
        organisations=max(1, count // 5_000),
        people=max(40, count // 10),
        trips=count,
        seed=seed,
        now=NOW,
    )
    print(
        f"{NAME} · {db['vendor']} {db['version']} · BENCH_SCALE={size} · {count:,} trips, "
        f"{options.people:,} people, {options.organisations} organisations · seed {seed} · "
        f"{repeats} round{'s' if repeats > 1 else ''}"
    )
    print(machine.summary(box))

    walls: list[float] = []
    cpus: list[dict[str, float | None]] = []
    summary: Summary | None = None
    for round_ in range(repeats):
        if round_:
            _empty()
        progress = Progress(_stderr, live=sys.stderr.isatty())
        server = _server_cpu()
        own = time.process_time()
        clock = time.perf_counter()
        summary = world.run(options, progress=progress)
        walls.append(time.perf_counter() - clock)
        after = _server_cpu()
        cpus.append(
            {
                "synth_process_s": round(time.process_time() - own, 1),
                "postgresql_backend_s": (
                    None if server is None or after is None else round(after - server, 1)
                ),
            }
        )
    assert summary is not None
    figures: list[Figure] = []
    document: dict[str, Any] = {}
    rows = sum(summary.rows.values())
    best = min(walls)
    if "synth" in parts:
        print(f"bare write of {rows:,} plain rows …", flush=True)
        bare = baseline.bare_write(rows)
        compared = agreement.check(SAMPLE, seed=seed)
        print(f"agreement: {compared:,} reported trips assessed afresh, every one as stored")
        figures += _figures(db["vendor"], count, rows, best, bare)
        document["bare_write"] = {"rows": rows, "seconds": round(bare, 3)}
        document["agreement_sample"] = compared
    built = World(
        size=size, vendor=db["vendor"], seed=seed, now=NOW, options=options, summary=summary
    )
    lines: list[str] = []
    for name in parts:
        if name == "synth":
            continue
        print(f"part {name} …", flush=True)
        module = importlib.import_module(f"scalebench.{name}")
        part: Part = module.measure(built)
        figures += part.figures
        lines += [f"{name}: {line}" for line in part.lines]
        document[name] = part.details
    print()
    print(report.table(figures))
    print()
    print(_world(summary))
    print(_cpu(cpus[walls.index(best)], best))
    print(_headline(db["vendor"], count, best))
    for line in lines:
        print(line)
    path = report.write_json(
        f"{NAME}.{db['vendor']}",
        {
            "benchmark": NAME,
            "started": started.isoformat(timespec="seconds"),
            "command": _command(size, db["vendor"]),
            "scale": size,
            "parts": list(parts),
            "trips": count,
            "seed": seed,
            "rounds": repeats,
            "now": NOW.isoformat(),
            "options": {
                "organisations": options.organisations,
                "people": options.people,
                "trips": options.trips,
                "years": options.years,
                "batch_size": options.batch_size,
            },
            "database": db,
            "machine": box,
            "figures": [figure.to_dict() for figure in figures],
            "rounds_s": [round(wall, 2) for wall in walls],
            "rounds_cpu": cpus,
            "world": _summary(summary),
            **document,
        },
    )
    print(f"results: {path}")
    return 0


def _server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend so far (None elsewhere, or when its
    /proc entry cannot be read). Parallel index-build workers are processes of their own."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu(cpu: dict[str, float | None], wall: float) -> str:
    """CPU time against wall time: on a machine shared with other work, the wall time
    includes waiting for a core; the CPU time is the run's own work."""
    own = cpu["synth_process_s"] or 0.0
    server = cpu["postgresql_backend_s"]
    line = f"CPU: synth process {own:.0f} s ({own / wall:.0%} of the wall time)"
    if server is not None:
        line += f", PostgreSQL backend {server:.0f} s"
    return line + f"; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def _stderr(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def _empty() -> None:
    """Between rounds: the world's tables as empty as a fresh database's."""
    from django.db import connection

    from sojourn.synth import tables

    quote = connection.ops.quote_name
    names = ", ".join(quote(table.name) for table in tables.ALL)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {names} CASCADE")
        else:
            for table in reversed(tables.ALL):
                cursor.execute(f"DELETE FROM {quote(table.name)}")  # noqa: S608 - model tables


def _figures(vendor: str, count: int, rows: int, best: float, bare: float) -> list[Figure]:
    figures = [
        Figure(
            f"synth: {count:,} trips, {rows:,} rows (lower is better)",
            best,
            "s",
            f"bare bulk write of {rows:,} plain rows",
            bare,
        ),
        Figure("synth: rows/s", rows / best, "/s", "bare bulk write: rows/s", rows / bare),
    ]
    if vendor == "postgresql" and count == GOAL_TRIPS:
        goal = f"goal (issue 8): {GOAL_SECONDS:.0f} s at {GOAL_TRIPS:,} trips on PostgreSQL"
        figures.append(Figure("synth (lower is better)", best, "s", goal, GOAL_SECONDS))
    return figures


def _world(summary: Summary) -> str:
    tables = ", ".join(f"{name} {count:,}" for name, count in summary.rows.items())
    statuses = ", ".join(f"{name} {count:,}" for name, count in summary.statuses.items())
    stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.seconds.items())
    writing = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.writing.items())
    return (
        f"rows: {tables}\ntrips by status: {statuses}\n"
        f"assessments: {summary.evaluated:,} evaluated by the engine, {summary.reused:,} reused\n"
        f"stages: {stages}\nwriter thread (alongside the generator): {writing}; "
        f"the generator waited {summary.waited:.1f} s for it"
    )


def _summary(summary: Summary) -> dict[str, Any]:
    return {
        "rows": summary.rows,
        "statuses": summary.statuses,
        "seconds": summary.seconds,
        "writing": summary.writing,
        "waited": summary.waited,
        "evaluated": summary.evaluated,
        "reused": summary.reused,
    }


def _headline(vendor: str, count: int, best: float) -> str:
    if vendor == "postgresql" and count == GOAL_TRIPS:
        verdict = "met" if best < GOAL_SECONDS else "NOT met"
        return f"goal (issue 8): {GOAL_TRIPS:,} trips in {best:.0f} s on PostgreSQL: {verdict}"
    return f"{count:,} trips in {best:.1f} s on {vendor} ({count / best:,.0f} trips/s)"


def _command(size: str, vendor: str) -> str:
    base = f"BENCH_SCALE={size} .venv/bin/python bench/scale.py"
    return f"scripts/with-postgres {base}" if vendor == "postgresql" else base


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
