"""`GET /health`: the API is up and answering, for a load balancer or a monitor.

It needs no token and reads no table: a probe that touched the database would report a slow
query as a dead server. It still passes through the same middleware as every other request
(sessions, security headers, the refusal of unknown query parameters), so what it answers is
what the deployment answers.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from sojourn.api.description import answers
from sojourn.api.schemas.problem import Problem

router = Router()


class Health(Schema):
    status: Literal["ok"] = "ok"


@router.get(
    "",
    auth=None,
    response={200: Health, 422: Problem},
    operation_id="get_health",
    summary="Whether the API is answering (no token needed)",
    description='Unauthenticated: for load balancers and monitors. Answers `{"status": "ok"}` '
    "without reading the database; like every operation, it refuses query parameters it does "
    "not take (422).",
    openapi_extra=answers("The API is answering."),
)
def health(request: HttpRequest) -> Health:
    return Health()
