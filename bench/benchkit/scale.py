"""The size of a run, from the environment; a value that is not understood stops the run."""

from __future__ import annotations

import os
from typing import Literal

Scale = Literal["quick", "full"]
SCALES: tuple[Scale, ...] = ("quick", "full")


def scale() -> Scale:
    """BENCH_SCALE: `quick` (the default, a few minutes at most) or `full`."""
    value = os.environ.get("BENCH_SCALE", "quick").strip() or "quick"
    for known in SCALES:
        if value == known:
            return known
    raise SystemExit(f"BENCH_SCALE={value!r} is not understood; use one of: {', '.join(SCALES)}")


def positive_int(name: str, default: int) -> int:
    """An optional whole-number setting such as BENCH_SEED=7, refused unless it is ≥ 1."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name}={value!r} is not understood; expected a whole number ≥ 1")
    return int(value)
