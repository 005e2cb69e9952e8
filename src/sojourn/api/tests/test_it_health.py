"""`GET /health`: up or not, for a load balancer; no token, no database, the usual strictness."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.api.api import api
from sojourn.api.tests.conftest import ApiClient


def test_health_answers_ok_without_a_token_or_a_query(db):
    with CaptureQueriesContext(connection) as queries:
        answer = ApiClient(None).get("health")
    assert answer.status == 200
    assert answer.content_type == "application/json"
    assert answer.json == {"status": "ok"}
    assert len(queries) == 0


def test_health_ignores_a_token_even_a_wrong_one(db):
    answer = ApiClient("sjt_not-a-real-token").get("health")
    assert answer.status == 200
    assert answer.json == {"status": "ok"}


def test_health_refuses_an_unknown_query_parameter_as_problem_json(db):
    answer = ApiClient(None).get("health", verbose="1")
    assert answer.status == 422
    assert answer.problem_fields.keys() == {"verbose"}


def test_health_passes_through_the_security_middleware(db):
    answer = ApiClient(None).get("health")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_the_description_says_health_needs_no_token(db):
    operation = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]["/api/v1/health"]["get"]
    assert "security" not in operation
    assert "Unauthenticated" in operation["description"]
    me = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]["/api/v1/me"]["get"]
    assert me["security"]
