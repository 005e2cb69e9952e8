"""Cedar's answer checked against the engine's tier, so the speed comparison is honest."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from policybench import cedar
from policybench.trips import Mix
from sojourn.policy import Assessment, Pack, assess, shipped_pack, shipped_pack_ids

OTHER_PACKS_SAMPLE = 2_000


def check(
    pack: Pack, mix: Mix, assessments: Sequence[Assessment], prepared: cedar.Prepared
) -> dict[str, dict[str, Any]]:
    """Every trip under `pack`, and the first trips under every other shipped pack (the
    encodings are generated from the pack, so the others test the generator); each encoding
    must give the engine's tier for every trip, or the run stops with the first disagreement."""
    checked = {pack.id: _agree(pack, mix, assessments, prepared)}
    sample = mix.head(min(OTHER_PACKS_SAMPLE, len(mix.trips)))
    for other in shipped_pack_ids():
        if other != pack.id:
            other_pack = shipped_pack(other)
            answers = [assess(other_pack, trip) for trip in sample.trips]
            checked[other] = _agree(other_pack, sample, answers, cedar.prepare(other_pack, sample))
    return checked


def _agree(
    pack: Pack, mix: Mix, assessments: Sequence[Assessment], prepared: cedar.Prepared
) -> dict[str, Any]:
    expected = [(a.tier,) if a.tier else () for a in assessments]
    for name, answers in (("per trip", prepared.trip_tiers()), ("per leg", prepared.leg_tiers())):
        wrong = [
            n for n, (want, got) in enumerate(zip(expected, answers, strict=True)) if want != got
        ]
        if wrong:
            first = wrong[0]
            raise SystemExit(
                f"{pack.id}, Cedar {name}: {len(wrong):,} of {len(expected):,} trips disagree "
                f"with the engine; trip {first}: engine {expected[first]}, Cedar "
                f"{answers[first]}: {mix.trips[first]}"
            )
    tiers = Counter(a.tier or "not covered" for a in assessments)
    return {
        "trips": len(expected),
        "agree_per_trip": len(expected),
        "agree_per_leg": len(expected),
        "engine_tiers": dict(tiers.most_common()),
    }


def summary(pack_id: str, checked: dict[str, Any]) -> str:
    tiers = ", ".join(f"{name} {count:,}" for name, count in checked["engine_tiers"].items())
    return (
        f"Cedar agrees with the engine's tier under {pack_id}: per trip "
        f"{checked['agree_per_trip']:,} / {checked['trips']:,}, per leg "
        f"{checked['agree_per_leg']:,} / {checked['trips']:,} (engine: {tiers})"
    )
