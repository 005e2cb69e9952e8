"""Tests that must run with no other test beside them.

A test marked `alone` changes something every test of the run shares: today the run's one
PostgreSQL cluster, which the database-restart fault test stops and starts again. Run beside
another pytest-xdist worker, that worker's connections die mid-test (a past CI run hung there
until its time limit). So:

- `pytest --alone=out` leaves them out, `pytest --alone=only` runs only them: `make test-sqlite`
  and `make test-postgres` run the first on workers, then the second in one process, on the same
  database (scripts/pytest-passes);
- by default (`--alone=auto`) a run with pytest-xdist workers (`-n 2`) leaves them out and says
  so at the top of the run, and a run without workers (`-n 0`, a single file) runs them among the
  others, one at a time.
"""

from __future__ import annotations

import pytest

OPTION = "--alone"
MARK = "alone"


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION,
        choices=("auto", "only", "out"),
        default="auto",
        help="the tests marked `alone` (no other test may run beside them): only them, "
        "without them, or (auto) without them when pytest-xdist runs workers",
    )


def in_parallel(config: pytest.Config) -> bool:
    """True when pytest-xdist runs workers side by side (`-n N`, N > 0)."""
    workers = getattr(config.option, "numprocesses", None)
    return bool(workers) or hasattr(config, "workerinput")


def choice(config: pytest.Config) -> str:
    """only, out, or none (every test runs)."""
    chosen = str(config.getoption(OPTION))
    if chosen == "auto":
        return "out" if in_parallel(config) else "none"
    return chosen


def header(config: pytest.Config) -> list[str]:
    chosen = choice(config)
    if chosen == "only":
        return [f"{OPTION}=only: only the tests marked `{MARK}` run (sojourn/testing/alone.py)"]
    if chosen == "out":
        return [
            f"the tests marked `{MARK}` are left out of this run; `pytest {OPTION}=only` runs "
            "them with nothing beside them (sojourn/testing/alone.py)"
        ]
    return []


def deselect(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = choice(config)
    if chosen == "none":
        return
    only = chosen == "only"
    keep = [item for item in items if (item.get_closest_marker(MARK) is not None) == only]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep
