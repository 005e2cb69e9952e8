"""Policy engine throughput, and the same tier decision encoded for Cedar, on the same trips.

    .venv/bin/python bench/policy_eval.py                   # BENCH_SCALE=quick: 20,000 trips
    BENCH_SCALE=full .venv/bin/python bench/policy_eval.py  # 200,000 trips
    .venv/bin/python bench/policy_eval.py --profile         # cProfile of the engine loop only

Measures, best of several rounds (each round runs every measurement once, in turn):
- the engine: `assess()` over the pre-built trips in one loop ("batched": the engine has no
  batch API, so this is the loop without any setup), and one call at a time, each call timed
  on its own (the rate counts only the time inside the calls; p50/p99 latency);
- the engine with three advisories in force;
- Cedar (cedarpy), the tier decision encoded per trip: `is_authorized_batch` over pre-built
  requests, the same from TripFacts (build the requests, evaluate, read the tiers), and
  `is_authorized` one call at a time; and encoded per leg country, `is_authorized_batch`.

Before timing, every trip's tier from each Cedar encoding is checked against the engine's (and
the first 2,000 trips under the other shipped packs); one disagreement stops the run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import os
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import cedarpy
from benchkit import machine, report
from benchkit.report import Figure
from benchkit.scale import positive_int, scale
from benchkit.timing import PerCall, Timing, percentile, rounds
from policybench import agreement, cedar, shape, trips

from sojourn.policy import Advisory, Pack, TripFacts, assess, shipped_pack

NAME = "policy_eval"
PACK_ID = "seed-sensitive-tech"
TRIPS = {"quick": 20_000, "full": 200_000}
ROUNDS = {"quick": 5, "full": 3}
GOAL = 20_000.0
"""Issue 3: at least 20,000 assessments per second per core."""
SETTINGS = ("BENCH_TRIPS", "BENCH_SEED", "BENCH_ROUNDS")


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="profile the engine loop and stop")
    args = parser.parse_args(argv)
    size = scale()
    count = positive_int("BENCH_TRIPS", TRIPS[size])
    seed = positive_int("BENCH_SEED", 1)
    repeats = positive_int("BENCH_ROUNDS", ROUNDS[size])
    started = datetime.datetime.now(datetime.UTC)
    box = machine.describe(("cedarpy", "holidays", "pydantic"))
    print(f"{NAME} · BENCH_SCALE={size} · {count:,} trips · seed {seed} · {repeats} rounds")
    print(machine.summary(box))

    pack = shipped_pack(PACK_ID)
    clock = time.perf_counter()
    mix = trips.build(count, seed=seed)
    print(f"built the trips in {time.perf_counter() - clock:.1f} s")
    if args.profile:
        _profile(pack, mix.trips)
        return 0

    prepared = cedar.prepare(pack, mix)
    _save_policies(prepared)
    agreed, mix_shape = _check(pack, mix, prepared)

    engine_calls = PerCall(lambda trip: assess(pack, trip), mix.trips)
    cedar_calls = PerCall(
        lambda request: cedarpy.is_authorized(request, prepared.trip_policies, prepared.entities),
        prepared.trip_requests,
    )
    print(f"timing: {repeats} rounds …", flush=True)
    runs = _runs(pack, mix, prepared, trips.advisories(), engine_calls, cedar_calls)
    timings = rounds(runs, repeats)
    figures = _figures(count, timings, engine_calls, cedar_calls)
    print()
    print(report.table(figures))
    print(_headline(count, timings))
    print(_per_core_note(timings))

    path = report.write_json(
        NAME,
        {
            "benchmark": NAME,
            "started": started.isoformat(timespec="seconds"),
            "command": _command(size),
            "scale": size,
            "trips": count,
            "seed": seed,
            "rounds": repeats,
            "pack": pack.ref,
            "machine": box,
            "mix": mix_shape,
            "agreement": agreed,
            "figures": [figure.to_dict() for figure in figures],
            "timings": {name: _timing(timing, count) for name, timing in timings.items()},
        },
    )
    print(f"results: {path}")
    return 0


def _check(
    pack: Pack, mix: trips.Mix, prepared: cedar.Prepared
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Cedar's tiers against the engine's, and the shape of the mix; stops on a disagreement.

    Assessing every trip here also warms the engine's caches (holiday calendars, deadlines), as
    in a long-running process. The assessments are dropped on return, so the timed runs do not
    carry them on the heap the garbage collector walks.
    """
    assessments = [assess(pack, trip) for trip in mix.trips]
    agreed = agreement.check(pack, mix, assessments, prepared)
    for pack_id, checked in agreed.items():
        print(agreement.summary(pack_id, checked))
    mix_shape = shape.describe(mix.trips, assessments, len(prepared.leg_requests))
    print("\n".join(shape.lines(mix_shape)))
    return agreed, mix_shape


def _runs(
    pack: Pack,
    mix: trips.Mix,
    prepared: cedar.Prepared,
    advisories: Sequence[Advisory],
    engine_calls: PerCall[TripFacts],
    cedar_calls: PerCall[cedar.Request],
) -> dict[str, Callable[[], object]]:
    """What each round times; everything they read is built beforehand."""
    per_trip = prepared.per_trip
    return {
        "engine_batched": lambda: _assess_all(pack, mix.trips),
        "engine_single": engine_calls,
        "engine_advisories": lambda: _assess_all(pack, mix.trips, advisories),
        "cedar_trip_batch": lambda: cedarpy.is_authorized_batch(
            prepared.trip_requests, prepared.trip_policies, prepared.entities
        ),
        "cedar_trip_from_facts": lambda: per_trip.tiers(
            cedarpy.is_authorized_batch(
                per_trip.requests(mix.owners, mix.trips),
                prepared.trip_policies,
                prepared.entities,
            )
        ),
        "cedar_trip_single": cedar_calls,
        "cedar_leg_batch": lambda: cedarpy.is_authorized_batch(
            prepared.leg_requests, prepared.leg_policies, prepared.entities
        ),
    }


def _assess_all(
    pack: Pack, facts: Sequence[TripFacts], advisories: Sequence[Advisory] = ()
) -> None:
    for trip in facts:
        assess(pack, trip, advisories=advisories)


def _figures(
    count: int,
    timings: dict[str, Timing],
    engine_calls: PerCall[TripFacts],
    cedar_calls: PerCall[cedar.Request],
) -> list[Figure]:
    rate = {name: timing.rate(count) for name, timing in timings.items()}
    engine = rate["engine_batched"]
    batched = "engine: assess(), batched loop"
    engine_latency, cedar_latency = engine_calls.best(), cedar_calls.best()
    micro = 1e6
    return [
        Figure(
            batched, engine, "/s", "Cedar per trip: is_authorized_batch", rate["cedar_trip_batch"]
        ),
        Figure(
            batched,
            engine,
            "/s",
            "Cedar per trip: from TripFacts (build, batch, read)",
            rate["cedar_trip_from_facts"],
        ),
        Figure(
            batched,
            engine,
            "/s",
            "Cedar per leg country: is_authorized_batch",
            rate["cedar_leg_batch"],
        ),
        Figure(
            "engine: assess(), one call at a time",
            engine_calls.rate(),
            "/s",
            "Cedar per trip: is_authorized, one call at a time",
            cedar_calls.rate(),
        ),
        Figure(batched, engine, "/s", "goal (issue 3)", GOAL),
        Figure("engine: 3 advisories in force", rate["engine_advisories"], "/s", batched, engine),
        Figure(
            "engine: p50 latency (lower is better)",
            percentile(engine_latency, 0.5) * micro,
            "µs",
            "Cedar per trip: is_authorized p50",
            percentile(cedar_latency, 0.5) * micro,
        ),
        Figure(
            "engine: p99 latency (lower is better)",
            percentile(engine_latency, 0.99) * micro,
            "µs",
            "Cedar per trip: is_authorized p99",
            percentile(cedar_latency, 0.99) * micro,
        ),
    ]


def _headline(count: int, timings: dict[str, Timing]) -> str:
    engine = timings["engine_batched"].rate(count)
    cedars = {
        "per trip": timings["cedar_trip_batch"].rate(count),
        "per leg country": timings["cedar_leg_batch"].rate(count),
    }
    fastest = max(cedars, key=cedars.__getitem__)
    goal = "met" if engine >= GOAL else "NOT met"
    return (
        f"\nHeadline: the engine assesses {engine:,.0f} trips/s per core (goal {GOAL:,.0f}: "
        f"{goal}); the faster Cedar encoding ({fastest}) decides the tier of "
        f"{cedars[fastest]:,.0f} trips/s; engine / Cedar = {engine / cedars[fastest]:.2f}×."
    )


def _per_core_note(timings: dict[str, Timing]) -> str:
    shares = ", ".join(f"{name} {timing.cpu_share:.2f}" for name, timing in timings.items())
    return (
        "Rates are per core (one process, one thread) and count trips, also for Cedar per leg. "
        "CPU time / wall time of each best round (1.00: one core busy throughout; lower: the "
        f"run waited for the CPU): {shares}."
    )


def _timing(timing: Timing, count: int) -> dict[str, Any]:
    return {
        "walls_s": [round(wall, 4) for wall in timing.walls],
        "rates_per_s": [round(rate) for rate in timing.rates(count)],
        "cpu_share_of_best": round(timing.cpu_share, 3),
    }


def _command(size: str) -> str:
    settings = [f"BENCH_SCALE={size}"] + [
        f"{name}={os.environ[name].strip()}"
        for name in SETTINGS
        if os.environ.get(name, "").strip()
    ]
    return " ".join(settings) + " .venv/bin/python bench/policy_eval.py"


def _save_policies(prepared: cedar.Prepared) -> None:
    """The generated Cedar policies next to the results, to read what was measured."""
    report.RESULTS.mkdir(exist_ok=True)
    (report.RESULTS / f"{NAME}.per-trip.cedar").write_text(prepared.per_trip.policies(), "utf-8")
    (report.RESULTS / f"{NAME}.per-leg.cedar").write_text(prepared.per_leg.policies(), "utf-8")


def _profile(pack: Pack, facts: Sequence[TripFacts]) -> None:
    _assess_all(pack, facts)  # warm the engine's caches (holiday calendars, deadlines) first
    profiler = cProfile.Profile()
    profiler.runcall(_assess_all, pack, facts)
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
