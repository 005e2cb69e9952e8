"""The health probes: liveness answers without the database; readiness (and `GET /health`)
answers 503 naming what failed: the database, a pending migration, a worker gone quiet."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sojourn.api.api import api
from sojourn.api.tests.conftest import ApiClient
from sojourn.care import readiness

READINESS = ("health/ready", "health")


def refuse_every_query(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
    """What a connection whose server went away answers."""
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def worker_passed(db) -> None:
    readiness.beat("worker-host:1", timezone.now())


@pytest.fixture
def migrations_asked_again() -> Iterator[None]:
    readiness.forget_migrations()
    yield
    readiness.forget_migrations()


def test_liveness_answers_ok_without_a_token_or_a_query(db):
    with CaptureQueriesContext(connection) as queries:
        answer = ApiClient(None).get("health/live")
    assert answer.status == 200
    assert answer.json == {"status": "ok"}
    assert len(queries) == 0


def test_liveness_answers_while_the_database_does_not(db):
    with connection.execute_wrapper(refuse_every_query):
        answer = ApiClient(None).get("health/live")
    assert answer.status == 200


@pytest.mark.parametrize("path", READINESS)
def test_ready_when_the_database_answers_and_a_worker_passed(worker_passed, path):
    answer = ApiClient("sjt_not-a-real-token").get(path)
    assert answer.status == 200, answer.raw
    assert answer.json == {"status": "ok"}


@pytest.mark.parametrize("path", READINESS)
def test_not_ready_while_the_database_does_not_answer(worker_passed, path):
    with connection.execute_wrapper(refuse_every_query):
        answer = ApiClient(None).get(path)
    assert answer.status == 503
    assert answer.headers["Retry-After"]
    assert answer.json["errors"][0]["field"] == "database"
    assert answer.json["errors"][0]["code"] == "unreachable"
    assert answer.problem_fields == {"database": "The database does not answer."}


def test_ready_again_once_the_database_answers_again(worker_passed):
    with connection.execute_wrapper(refuse_every_query):
        assert ApiClient(None).get("health/ready").status == 503
    assert ApiClient(None).get("health/ready").status == 200


def test_not_ready_before_any_worker_passed(db):
    answer = ApiClient(None).get("health/ready")
    assert answer.status == 503
    assert [(e["field"], e["code"]) for e in answer.json["errors"]] == [("worker", "absent")]


def test_not_ready_once_the_newest_worker_pass_is_too_old(db, settings):
    settings.SOJOURN_WORKER_STALE_SECONDS = 300
    now = timezone.now()
    readiness.beat("gone:1", now - datetime.timedelta(seconds=400))
    answer = ApiClient(None).get("health/ready")
    assert [(e["field"], e["code"]) for e in answer.json["errors"]] == [("worker", "stale")]
    assert answer.json["errors"][0]["params"]["seconds"] == 300

    readiness.beat("alive:2", now - datetime.timedelta(seconds=200))
    assert ApiClient(None).get("health/ready").status == 200


def test_not_ready_while_a_migration_is_pending(worker_passed, migrations_asked_again):
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    # A new release's migration not yet applied: the app's newest, whichever it is now (an
    # older one unrecorded under an applied newer one is a history no deployment has).
    (newest,) = [n for n in MigrationLoader(connection).graph.leaf_nodes() if n[0] == "care"]
    unapplied = MigrationRecorder.Migration.objects.filter(app="care", name=newest[1]).delete()
    assert unapplied[0] == 1
    answer = ApiClient(None).get("health/ready")
    assert answer.status == 503
    assert [(e["field"], e["code"]) for e in answer.json["errors"]] == [("migrations", "pending")]


def test_applied_migrations_are_asked_once(worker_passed, migrations_asked_again):
    ApiClient(None).get("health/ready")
    with CaptureQueriesContext(connection) as queries:
        assert ApiClient(None).get("health/ready").status == 200
    assert not any("django_migrations" in query["sql"] for query in queries)


def test_a_beat_forgets_workers_gone_for_a_day(db):
    from sojourn.care.models import WorkerBeat

    now = timezone.now()
    readiness.beat("gone:1", now - datetime.timedelta(days=2))
    readiness.beat("alive:2", now)
    assert list(WorkerBeat.objects.values_list("worker", flat=True)) == ["alive:2"]


def test_health_refuses_an_unknown_query_parameter_as_problem_json(db):
    answer = ApiClient(None).get("health/live", verbose="1")
    assert answer.status == 422
    assert answer.problem_fields.keys() == {"verbose"}


def test_health_passes_through_the_security_middleware(db):
    answer = ApiClient(None).get("health/live")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["health", "health/live", "health/ready"])
def test_the_description_says_the_probes_need_no_token(path):
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operation = schema["paths"][f"/api/v1/{path}"]["get"]
    assert "security" not in operation
    assert "Unauthenticated" in operation["description"]
    assert schema["paths"]["/api/v1/me"]["get"]["security"]


def test_the_description_gives_readiness_its_503():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    answers = schema["paths"]["/api/v1/health/ready"]["get"]["responses"]
    assert "application/problem+json" in answers[503]["content"]
    assert "`worker`" in answers[503]["description"]
    assert 503 not in schema["paths"]["/api/v1/health/live"]["get"]["responses"]
