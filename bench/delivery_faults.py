"""Urgent alerts after a fault: the worker killed mid-delivery, the SMTP server down and up.

    scripts/with-postgres .venv/bin/python bench/delivery_faults.py   # BENCH_SCALE=quick: 5 trials
    BENCH_SCALE=full scripts/with-postgres .venv/bin/python bench/delivery_faults.py   # 20 trials

Goal (issue 15): after `kill -9` of the worker or an SMTP outage ends, every urgent alert is
delivered within 60 s, exactly once as seen by the SMTP server (Message-IDs), across 20 trials.

Each trial (deliverybench/trials.py): 10 urgent alerts and 40 ordinary emails waiting, a real
`sojourn worker` (the deployment's settings) delivering them to a real SMTP server on loopback,
and the fault at a random moment while the urgent alerts go out. `kill`: the worker is killed
with SIGKILL and a new one started at once; the clock starts at the new worker's start. `outage`:
the server is stopped for 2–6 s and started again; the clock starts at its return. Each urgent
alert not yet delivered when the fault ended is timed from then to its first arrival at the
server; every message the server received is counted by its Message-ID.

PostgreSQL only: the worker runs in processes of their own beside this one, on one database; on
SQLite the run says so and measures nothing.
"""
# bench: database

from __future__ import annotations

import datetime
import logging
import os
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchkit import machine, report
from benchkit.report import Figure
from benchkit.scale import positive_int, scale
from deliverybench import figures as goals
from tickbench import database

if TYPE_CHECKING:
    from deliverybench.trials import Kind, Trial

NAME = "delivery_faults"
TRIALS = {"quick": 5, "full": 20}
KINDS: tuple[Kind, ...] = ("kill", "outage")


def main(argv: Sequence[str]) -> int:
    del argv
    size = scale()
    trials = positive_int("BENCH_ROUNDS", TRIALS[size])
    seed = positive_int("BENCH_SEED", 1)
    scratch = database.setup()
    try:
        return _run(size, trials, seed)
    finally:
        database.cleanup(scratch)


def _run(size: str, count: int, seed: int) -> int:
    from django.db import connection

    from sojourn.people.models import Organisation

    started = datetime.datetime.now(datetime.UTC)
    tables = connection.introspection.table_names()
    if "people_organisation" in tables and Organisation.objects.exists():
        raise SystemExit(
            "refusing to run: the database already has organisations. bench/delivery_faults.py "
            "writes its own outbox; give it an empty database (make bench does)."
        )
    db = database.describe()
    header = (
        f"{NAME} · {db['vendor']} {db['version']} · BENCH_SCALE={size} · "
        f"{count} trials of each fault"
    )
    if db["vendor"] != "postgresql":
        print(header)
        print(
            f"{NAME}: PostgreSQL only (the worker runs in processes of their own on one "
            "database); nothing measured on SQLite"
        )
        return 0
    database.migrate()
    # aiosmtpd logs every SMTP command at INFO.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    box = machine.describe(("django", "psycopg", "aiosmtpd"))
    print(f"{header} ({'full: 20' if size == 'full' else 'quick: fewer than the goal’s 20'})")
    print(machine.summary(box), flush=True)
    recipient = _recipient()
    rng = random.Random(seed)  # noqa: S311 - the moments of the faults, not a secret
    runs: dict[Kind, list[Trial]] = {kind: [] for kind in KINDS}
    with tempfile.TemporaryDirectory(prefix="sojourn-faults-") as directory:
        for number in range(1, count + 1):
            for kind in KINDS:
                folder = Path(directory) / f"{kind}-{number}"
                folder.mkdir()
                trial = _trial(kind, number, folder, recipient, rng)
                runs[kind].append(trial)
    lines = [goals.summary(kind, runs[kind]) for kind in KINDS]
    figures: list[Figure] = [figure for line in lines for figure in goals.figures(line)]
    print()
    print(report.table(figures))
    print()
    print(f"seconds from the end of the fault ({goals.SINCE['kill']}, {goals.SINCE['outage']}):")
    print(goals.table(lines))
    said = [text for kind in KINDS for text in goals.duplicates_said(kind, runs[kind])]
    if said:
        print("duplicates (a message the server had accepted when the worker died, before the")
        print("worker recorded it: sent again by the worker that took over its claim):")
        print("\n".join(said))
    path = report.write_json(
        f"{NAME}.{db['vendor']}",
        {
            "benchmark": NAME,
            "started": started.isoformat(timespec="seconds"),
            "command": f"BENCH_SCALE={size} scripts/with-postgres .venv/bin/python bench/{NAME}.py",
            "scale": size,
            "trials": count,
            "seed": seed,
            "database": db,
            "machine": box,
            "load_average_1": round(os.getloadavg()[0], 2),
            "figures": [figure.to_dict() for figure in figures],
            "kinds": lines,
            "runs": {kind: [trial.to_dict() for trial in runs[kind]] for kind in KINDS},
        },
    )
    print(f"results: {path}")
    return 0


def _trial(kind: Kind, number: int, folder: Path, recipient: Any, rng: random.Random) -> Trial:
    from deliverybench import trials

    trial = trials.run(kind, number, folder, recipient, rng)
    worst = max(trial.outstanding, default=0.0)
    print(
        f"{kind:>6} {number:>2}: fault after {trial.killed_after} messages, "
        f"{len(trial.outstanding)} urgent alerts outstanding, last {worst:.1f} s after recovery, "
        f"{trial.duplicates} duplicates ({trial.seconds:.0f} s)",
        flush=True,
    )
    return trial


def _recipient() -> Any:
    """One officer of one organisation, who receives every email of the run."""
    from sojourn.people.models import Organisation
    from sojourn.testing import builders

    lab = Organisation.objects.create(
        name="Lab", slug="lab", sectors=["ai"], home_country="CN", time_zone="Asia/Shanghai"
    )
    return builders.officer("officer", organisation=lab)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
