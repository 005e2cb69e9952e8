"""What the PostgreSQL pass of `make test` leaves to the SQLite pass before it.

`make test` runs the suite twice, on SQLite and then on PostgreSQL. The second pass is there for
what the database can change: queries, locks, transactions, migrations. Two kinds of test cannot
find anything new in it, and together they cost minutes:

- a test that touches no database (no `db`, `transactional_db`, `live_server` or
  `django_db_setup`, no `django_db` or `postgres_only` mark) runs the same code on the same
  input in both passes;
- a `presentation` test checks what a reader sees of a page — a browser's layout, the HTML
  validator, the Chinese reading — over pages whose queries the rest of the suite runs on both
  databases.

`pytest --after-sqlite` (what `make test` passes to its PostgreSQL pass) leaves both out and says
so at the top of the run; without the option every test runs, so `make test-postgres` alone is
still the whole suite on PostgreSQL.
"""

from __future__ import annotations

import pytest

OPTION = "--after-sqlite"
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "django_db_setup", "django_db_reset_sequences"}
)


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION,
        action="store_true",
        help="this run follows a SQLite pass: leave out the tests the database cannot change",
    )


def header(config: pytest.Config) -> list[str]:
    if not config.getoption(OPTION):
        return []
    return [
        f"{OPTION}: the tests that touch no database and the presentation tests ran in the "
        "SQLite pass and are left out of this one (sojourn/testing/second_pass.py)"
    ]


def touches_a_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres_only"):
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def left_to_sqlite(item: pytest.Item) -> bool:
    """True for a test this pass leaves out, as the SQLite pass ran it already."""
    return item.get_closest_marker("presentation") is not None or not touches_a_database(item)


def deselect(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption(OPTION):
        return
    left = [item for item in items if left_to_sqlite(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = [item for item in items if not left_to_sqlite(item)]
