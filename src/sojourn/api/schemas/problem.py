"""The problem+json body every error answers (RFC 9457), as the OpenAPI description shows it."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class FieldError(Schema):
    field: str = Field(description="The input at fault, spelled like `legs[0].country`.")
    code: str = Field(
        description="What is wrong, stable across languages: `unknown_field` (a field the "
        "object does not have), `unknown_parameter` (a query parameter the operation does not "
        "take), `invalid` (any other refusal)."
    )
    params: dict[str, Any] = Field(
        description="The values the message is made of: for `unknown_field`, `fields` (the "
        "fields the object takes); for `unknown_parameter`, `parameters`."
    )
    message: str = Field(description="What is wrong, in the `Accept-Language` asked for.")


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] = Field(default_factory=list)
    current_version: int | None = Field(
        None, description="On a stale `version` (409): the trip's version now."
    )
    request_id: str | None = Field(
        None,
        description="On a failure of the server's (500, 503, 507): the id its log names the "
        "failure by; quote it to the administrators.",
    )


# Statuses every authenticated operation can answer, to merge into `response={...}`.
COMMON = {401: Problem, 413: Problem, 422: Problem, 429: Problem}
READ_ONE = {**COMMON, 404: Problem}
WRITE = {**COMMON, 400: Problem, 403: Problem, 404: Problem, 409: Problem}
