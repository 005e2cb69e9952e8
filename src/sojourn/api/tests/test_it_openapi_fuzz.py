"""Schemathesis drives every operation of the live OpenAPI description with generated input.

Each operation gets a bounded number of examples (no shrinking, a time limit per example), as
an oversight token holder: no answer may be a server error, and every answer must conform to
the description — its status documented, its content type and its body matching the schema.
Negative cases (wrong types, missing fields, unknown parameters) must be refused with a
documented 4xx.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sojourn.care import readiness
from sojourn.conftest import NOW
from sojourn.security import tokens

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def bearer(cast) -> dict[str, str]:
    made = tokens.create_token(
        actor=cast.oversight,
        user=cast.oversight,
        name="fuzz",
        scope="write",
        now=NOW - datetime.timedelta(days=1),
    )
    return {"Authorization": f"Bearer {made.secret}"}


# The description as served, bound to the app in process: requests reach the test's database.
@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The app runs in process, in the test's transaction: like Django's test client, keep the
    request signals from closing the connection (PostgreSQL would lose the transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    # Only a hang fails on time: how long an example takes depends on the machine's load (the CSV
    # export passed 5 s on two busy cores); how fast the API is, is the benchmarks' question.
    deadline=datetime.timedelta(seconds=60),
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.django_db
def test_every_operation_conforms_and_never_fails(case, bearer, api_clock):
    # Schema-valid input may still be refused with a documented 4xx for reasons a schema cannot
    # express (an unknown country code, an id that does not exist, a cursor never given out);
    # every other check runs: no 5xx, statuses, content types, headers and bodies as described,
    # schema-violating input refused.
    # A ready deployment: a worker passed just now (else readiness answers its documented 503).
    readiness.beat("fuzz-worker:1", timezone.now())
    case.call_and_validate(headers=bearer, excluded_checks=[positive_data_acceptance])
