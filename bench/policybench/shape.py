"""What the mix of trips looks like once assessed: tiers, routes, findings, legs, meetings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sojourn.policy import Assessment, TripFacts


def describe(
    facts: Sequence[TripFacts], assessments: Sequence[Assessment], leg_requests: int
) -> dict[str, Any]:
    count = len(facts)
    legs = [len(trip.legs) for trip in facts]
    findings = Counter(f.code for a in assessments for f in a.findings if f.code != "not_covered")
    return {
        "trips": count,
        "tiers": dict(Counter(a.tier or "not covered" for a in assessments).most_common()),
        "routes": dict(Counter(str(a.route) for a in assessments).most_common()),
        "findings": dict(findings.most_common()),
        "legs_per_trip": round(sum(legs) / count, 2),
        "legs_histogram": dict(sorted(Counter(legs).items())),
        "transit_leg_share": round(
            sum(leg.transit for trip in facts for leg in trip.legs) / sum(legs), 3
        ),
        "meetings_per_trip": round(sum(len(trip.meetings) for trip in facts) / count, 2),
        "cedar_leg_requests_per_trip": round(leg_requests / count, 2),
    }


def lines(shape: dict[str, Any]) -> list[str]:
    def shares(counts: dict[str, int]) -> str:
        return ", ".join(f"{name} {100 * n / shape['trips']:.1f} %" for name, n in counts.items())

    return [
        f"tiers: {shares(shape['tiers'])}",
        f"routes: {shares(shape['routes'])}",
        f"findings (share of trips): {shares(shape['findings'])}",
        f"legs per trip {shape['legs_per_trip']} {shape['legs_histogram']}, "
        f"transit legs {100 * shape['transit_leg_share']:.1f} %, "
        f"meetings per trip {shape['meetings_per_trip']}, "
        f"Cedar per-leg requests per trip {shape['cedar_leg_requests_per_trip']}",
    ]
