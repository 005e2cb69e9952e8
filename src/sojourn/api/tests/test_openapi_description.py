"""What `sojourn.api.description` adds to ninja's document, checked without a database."""

from __future__ import annotations

import itertools

import pytest
from django.http import HttpRequest
from ninja import Router

from sojourn.api.api import SojournApi, api
from sojourn.api.description import MissingOperationId


def test_an_operation_without_its_own_operation_id_is_refused():
    """Ninja would name it after its module (`sojourn_api_routers_trips_list_trips`)."""
    lone = SojournApi(urls_namespace="operation-id-test")
    router = Router()

    @router.get("/things", summary="Things", description="Things.")
    def list_things(request: HttpRequest) -> None: ...

    lone.add_router("/", router)
    with pytest.raises(MissingOperationId, match="list_things declares no operation_id"):
        lone.get_openapi_schema(path_prefix="/")


def test_query_parameters_are_never_null():
    """A query string has no null: `route` is one of the routes, or absent."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    route = next(
        parameter
        for parameter in document["paths"]["/api/v1/trips"]["get"]["parameters"]
        if parameter["name"] == "route"
    )
    assert route["schema"]["enum"] == ["not_required", "auto_approve", "review", "deny"]
    assert "anyOf" not in route["schema"]
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                assert {"type": "null"} not in parameter["schema"].get("anyOf", []), parameter


# The object each collection holds (docs/glossary.md): a path names one by `<object>_id`.
OBJECT_OF = {
    "trips": "trip",
    "invitations": "invitation",
    "directives": "directive",
    "notifications": "notification",
    "people": "person",
    "contacts": "contact",
    "suggestions": "suggestion",
    "contact-reports": "contact_report",
    "lists": "list",
    "hits": "hit",
}


def test_a_path_names_an_object_by_its_glossary_id():
    """`/people/{person_id}`, `/trips/{trip_id}`: the reference's name, never `user_id`; a pack
    version is the glossary's `pack_id` and `version`."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    named = set()
    for path, operations in document["paths"].items():
        segments = path.removeprefix("/api/v1/").split("/")
        for before, segment in itertools.pairwise(segments):
            if segment.startswith("{") and before in OBJECT_OF:
                assert segment == f"{{{OBJECT_OF[before]}_id}}", path
                named.add(before)
        for operation in operations.values():
            in_path = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            assert [f"{{{name}}}" for name in in_path] == [
                segment for segment in segments if segment.startswith("{")
            ], path
    assert named == set(OBJECT_OF)
    assert "/api/v1/people/{person_id}" in document["paths"]
    assert "/api/v1/policies/{pack_id}/{version}" in document["paths"]
