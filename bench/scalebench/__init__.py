"""The measurements `bench/scale.py` takes on the synthetic world once it is built.

Each part is a module of this package with a function `measure(world: World) -> Part`. The
world is built once per run (`sojourn synth`); every part then measures against it, in the
order of PARTS, and its figures join the run's one table. A part must leave the world as it
found it for the parts after it, or say in its docstring what it changed.

    BENCH_PARTS=pages,reassess .venv/bin/python bench/scale.py   # some parts only
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from benchkit.report import Figure

if TYPE_CHECKING:  # imports models: imported once Django is set up
    from sojourn.synth.world import Options, Summary

PARTS: tuple[str, ...] = ("synth", "pages", "throughput", "reassess")
"""`synth` is the timing of the build itself and its bare-write baseline; the others are
modules of this package. The world is built whichever parts are chosen."""


@dataclass(frozen=True)
class World:
    size: str
    """BENCH_SCALE: quick or full."""
    vendor: str
    """connection.vendor: sqlite or postgresql."""
    seed: int
    now: datetime.datetime
    """The `now` the world was built at: every part measures at this instant."""
    options: Options
    summary: Summary


@dataclass
class Part:
    figures: list[Figure] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """Printed under the table: what the figures alone do not say."""
    details: dict[str, Any] = field(default_factory=dict)
    """Saved in the run's JSON under the part's name."""


def chosen() -> tuple[str, ...]:
    """BENCH_PARTS (comma-separated names of PARTS); unset: every part."""
    value = os.environ.get("BENCH_PARTS", "").strip()
    if not value:
        return PARTS
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = [name for name in names if name not in PARTS]
    if unknown:
        raise SystemExit(
            f"BENCH_PARTS={value!r}: {', '.join(unknown)} not understood; "
            f"choose among: {', '.join(PARTS)}"
        )
    return tuple(name for name in PARTS if name in names)
