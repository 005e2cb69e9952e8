"""The contact register and screening (issue 16): resolution quality, screening speed, and one
sighting matched against a large register.

    .venv/bin/python bench/contacts.py                        # BENCH_SCALE=quick, throwaway SQLite
    BENCH_SCALE=full .venv/bin/python bench/contacts.py       # the issue's sizes
    scripts/with-postgres .venv/bin/python bench/contacts.py  # on a throwaway PostgreSQL cluster
    BENCH_PARTS=quality,screening .venv/bin/python bench/contacts.py   # some parts only

The parts (bench/contactsbench/, each module's docstring says exactly what it measures):
- quality: a labelled synthetic set of sightings (variants of order, initials, titles,
  diacritics, Han and pinyin, typos; hard negatives: different people with close names at other
  affiliations) recorded through `record_sighting`; precision and recall of the suggestions
  against 0.95 each;
- screening: N contacts against a list of E entries with A aliases through
  `sojourn.screening.matching.Screener`, on one core, against 60 s and against brute-force
  `rapidfuzz.process.cdist` over every pair (measured on a seeded sample of the contacts against
  every name of the list, extrapolated linearly); the share of the brute force's hits the
  screener finds on that sample, against 99 %;
- sighting: a register of R contacts loaded with bulk writes (COPY on PostgreSQL), then one new
  sighting matched against it (`sojourn.contacts.matching`), p95 against 50 ms.
The database is the one SOJOURN_DATABASE_URL names (without it, a throwaway SQLite file); it
must be empty.
"""
# bench: database

from __future__ import annotations

import datetime
import os
import sys
from typing import Any

from benchkit import machine, report
from benchkit.report import Figure
from benchkit.scale import positive_int, scale
from tickbench import database

NAME = "contacts"
PARTS = ("quality", "screening", "sighting")
PERSONS = {"quick": 150, "full": 1_000}
SCREENED = {"quick": (10_000, 3_000, 10_000), "full": (100_000, 30_000, 100_000)}
"""Contacts screened, list entries, aliases of those entries."""
REGISTER = {"quick": 50_000, "full": 1_000_000}
GOAL_QUALITY = 0.95
GOAL_SCREEN_SECONDS = 60.0
GOAL_SPEEDUP = 20.0
GOAL_HITS = 0.99
GOAL_P95_MS = 50.0


def parts() -> tuple[str, ...]:
    value = os.environ.get("BENCH_PARTS", "").strip()
    if not value:
        return PARTS
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [part for part in chosen if part not in PARTS]
    if unknown:
        raise SystemExit(f"BENCH_PARTS={value!r}: unknown {unknown}; use some of {PARTS}")
    return chosen


def main() -> int:
    size = scale()
    seed = positive_int("BENCH_SEED", 1)
    chosen = parts()
    scratch = database.setup()
    try:
        return _run(size, seed, chosen)
    finally:
        database.cleanup(scratch)


def _run(size: str, seed: int, chosen: tuple[str, ...]) -> int:
    from contactsbench import quality, register, screening

    started = datetime.datetime.now(datetime.UTC)
    register.refuse_unless_empty()
    database.migrate()
    db = database.describe()
    box = machine.describe(("django", "rapidfuzz", "pypinyin", "psycopg"))
    print(f"{NAME} · {db['vendor']} {db['version']} · BENCH_SCALE={size} · seed {seed}")
    print(machine.summary(box))
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    verdicts: list[str] = []
    if "quality" in chosen:
        found = quality.run(quality.plan(PERSONS[size], seed))
        details["quality"] = found
        figures += _quality(found, verdicts)
    if "screening" in chosen:
        contacts, entries, aliases = SCREENED[size]
        found = screening.run(contacts, entries, aliases, seed=seed)
        details["screening"] = found
        figures += _screening(found, verdicts)
    if "sighting" in chosen:
        found = register.run(REGISTER[size], seed=seed)
        details["sighting"] = found
        figures += _sighting(found, db["vendor"], verdicts)
    print()
    print(report.table(figures))
    print()
    print("\n".join(verdicts))
    path = report.write_json(
        f"{NAME}.{db['vendor']}",
        {
            "benchmark": NAME,
            "command": " ".join([sys.executable, *sys.argv]),
            "scale": size,
            "seed": seed,
            "parts": list(chosen),
            "started": started.isoformat(timespec="seconds"),
            "database": db,
            "machine": box,
            "figures": [figure.to_dict() for figure in figures],
            "verdicts": verdicts,
            "details": details,
        },
    )
    print(f"results: {path}")
    return 0


def _verdict(label: str, met: bool, text: str) -> str:
    return f"{label}: {text} — {'met' if met else 'NOT met'}"


def _quality(found: dict[str, Any], verdicts: list[str]) -> list[Figure]:
    from contactsbench import quality

    print(quality.summary(found))
    for name in ("precision", "recall"):
        verdicts.append(
            _verdict(
                f"resolution {name}",
                found[name] >= GOAL_QUALITY,
                f"{found[name]:.3f} (goal ≥ {GOAL_QUALITY})",
            )
        )
    return [
        Figure("resolution: precision of suggestions", found["precision"], "", "goal", 0.95),
        Figure("resolution: recall of suggestions", found["recall"], "", "goal", 0.95),
    ]


def _screening(found: dict[str, Any], verdicts: list[str]) -> list[Figure]:
    from contactsbench import screening

    print(screening.summary(found))
    seconds, brute = found["seconds"], found["brute_force_seconds"]
    speedup = brute / seconds
    hits = found["hits_found"]
    at_goal_size = found["contacts"] == SCREENED["full"][0]
    size_note = "" if at_goal_size else f" (at {found['contacts']:,} contacts, not the goal's)"
    verdicts.append(
        _verdict(
            "screening time",
            seconds < GOAL_SCREEN_SECONDS,
            f"{seconds:.1f} s (goal < {GOAL_SCREEN_SECONDS:.0f} s){size_note}",
        )
    )
    verdicts.append(
        _verdict(
            "screening against brute force",
            speedup >= GOAL_SPEEDUP,
            f"{speedup:.1f}× faster (goal ≥ {GOAL_SPEEDUP:.0f}×; brute force extrapolated from "
            f"{found['sample']:,} sampled contacts)",
        )
    )
    verdicts.append(
        _verdict(
            "screening hits",
            hits >= GOAL_HITS,
            f"{hits:.4f} of the brute force's hits (goal ≥ {GOAL_HITS})",
        )
    )
    return [
        Figure("screening: seconds", seconds, "s", "goal", GOAL_SCREEN_SECONDS),
        Figure(
            "screening: seconds vs brute force",
            seconds,
            "s",
            "cdist, extrapolated",
            brute,
        ),
        Figure("screening: share of brute force hits", hits, "", "goal", GOAL_HITS),
    ]


def _sighting(found: dict[str, Any], vendor: str, verdicts: list[str]) -> list[Figure]:
    from contactsbench import register

    print(register.summary(found))
    p95 = found["p95_ms"]
    note = "" if found["contacts"] >= REGISTER["full"] else f" (at {found['contacts']:,} contacts)"
    verdicts.append(
        _verdict(
            f"one sighting matched ({vendor})",
            p95 < GOAL_P95_MS,
            f"p95 {p95:.1f} ms (goal < {GOAL_P95_MS:.0f} ms){note}",
        )
    )
    return [
        Figure("sighting matched: p95", p95, "ms", "goal", GOAL_P95_MS),
        Figure("register load", found["load_seconds"], "s", "bare write", found["bare_seconds"]),
    ]


if __name__ == "__main__":
    sys.exit(main())
