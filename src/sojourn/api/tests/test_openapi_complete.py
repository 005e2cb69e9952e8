"""Every operation the API answers is in its OpenAPI description — found by asking the routes.

The URL patterns under /api/v1/ are enumerated from the resolver, each is requested with every
HTTP method (without a token: an operation answers 401, a method or path with no operation
405 or 404), and
each method that is answered must appear under the same path in the description.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sojourn.api.api import api

PREFIX = "/api/v1/"
METHODS = ("get", "post", "put", "patch", "delete")
NOT_OPERATIONS = {"/api/v1/openapi.json", "/api/v1/docs"}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
SAMPLE = {"int": "1", "str": "sample", "slug": "sample", "path": "sample", "uuid": "0" * 32}


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "/") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def api_routes() -> list[str]:
    return sorted(r for r in _routes(get_resolver().url_patterns) if r.startswith(PREFIX))


def _openapi_path(route: str) -> str:
    return CONVERTER.sub(lambda m: "{" + m["name"] + "}", route)


def _concrete(route: str) -> str:
    return CONVERTER.sub(lambda m: SAMPLE.get(m["kind"] or "str", "sample"), route)


def test_the_route_walk_finds_the_api():
    routes = api_routes()
    assert "/api/v1/me" in routes
    assert "/api/v1/openapi.json" in routes


@pytest.mark.django_db
def test_every_answered_method_is_described():
    described = api.get_openapi_schema(path_prefix=PREFIX)["paths"]
    client = Client()
    missing = []
    for route in api_routes():
        if route in NOT_OPERATIONS:
            continue
        path = _openapi_path(route)
        for method in METHODS:
            response = getattr(client, method)(_concrete(route))
            if response.status_code in {404, 405}:  # no operation: every one answers 401 first
                continue
            if method not in described.get(path, {}):
                missing.append(f"{method.upper()} {path} (answered {response.status_code})")
    assert not missing, "operations missing from the OpenAPI description:\n" + "\n".join(missing)


def test_every_described_operation_documents_its_errors_as_problems():
    described = api.get_openapi_schema(path_prefix=PREFIX)["paths"]
    for path, operations in described.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if operation.get("security"):  # all but the unauthenticated health check
                assert "401" in {str(s) for s in responses}, (
                    f"{method} {path} does not document 401"
                )
            for status, response in responses.items():
                if str(status).startswith("4"):
                    assert list(response["content"]) == ["application/problem+json"], (
                        f"{method} {path} {status}"
                    )
