"""The API's rate count shared by processes and connections at once: another process's requests
count against the same person's budget, and requests at the same moment are each counted once.

These need a database other processes and threads can share with real row locks: PostgreSQL
(`make test-postgres` runs them).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from django.db import connection, connections

from sojourn.api import rate
from sojourn.api.models import RequestCount
from sojourn.conftest import NOW
from sojourn.testing.keys import shared_keys

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SHARED RATE COUNTS RUN ON POSTGRESQL ONLY (make test-postgres runs them)",
    ),
]
LIMIT = 3


def _database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgresql://{settings['USER']}:{settings.get('PASSWORD') or ''}@{settings['HOST']}:"
        f"{settings['PORT']}/{settings['NAME']}"
    )


def test_requests_counted_by_another_process_use_up_the_same_budget(
    cast, api_for, api_clock, settings, tmp_path
) -> None:
    """GIVEN a limit of three a minute WHEN another server process counts three requests of the
    traveller THEN the traveller's next request here is refused."""
    settings.SOJOURN_API_REQUESTS_PER_MINUTE = LIMIT
    api = api_for(cast.traveller)
    script = (
        "import datetime; from sojourn.api import rate; "
        f"moment = datetime.datetime.fromisoformat({NOW.isoformat()!r}); "
        f"[rate.take({cast.traveller.pk}, moment) for _ in range({LIMIT})]"
    )
    env = {
        **os.environ,
        "SOJOURN_DATABASE_URL": _database_url(),
        "SOJOURN_VAR_DIR": str(tmp_path),
        **shared_keys(),
    }
    subprocess.run(
        [sys.executable, "-m", "sojourn", "shell", "-c", script],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    assert api.get("me").status == 429


def test_requests_at_the_same_moment_are_each_counted_once(cast) -> None:
    """GIVEN eight connections WHEN each counts five requests of one person at once, the first
    of them racing to insert the minute THEN the minute's count is exactly forty."""
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def server() -> None:
        try:
            barrier.wait()
            for _number in range(5):
                rate.take(cast.traveller.pk, NOW)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=server) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert RequestCount.objects.get(user=cast.traveller).count == 40
