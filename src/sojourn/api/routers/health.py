"""Health probes, for load balancers, orchestrators and monitors; no token needed.

- `GET /health/live` (liveness): the process answers. It reads no table, so a slow or absent
  database never gets a healthy process restarted.
- `GET /health/ready` (readiness): the database answers, every migration is applied and a
  worker finished a pass recently (sojourn.care.readiness). Otherwise 503 with a problem naming
  each check that failed (`errors[].field`: `database`, `migrations`, `worker`).
- `GET /health`: the same answer as readiness. It is the address monitors were told to watch,
  and it used to answer 200 while the database was down; it now tells the truth.

All pass through the same middleware as every other request (sessions, security headers, the
refusal of unknown query parameters), so what they answer is what the deployment answers.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from sojourn.api.description import answers
from sojourn.api.schemas.problem import Problem
from sojourn.care import readiness
from sojourn.facekit.problems import problem

router = Router()
# Seconds a client is asked to wait before probing again after a 503.
RETRY_AFTER = "5"


class Health(Schema):
    status: Literal["ok"] = "ok"


NOT_READY = (
    "Not ready: a problem (`application/problem+json`) whose `errors` name each check that "
    "failed: `database` (`unreachable`), `migrations` (`pending`), `worker` (`absent`, `stale`)."
)

READY_ANSWERS = {
    "responses": {
        200: {"description": "Ready: the database answers, migrations applied, a worker passed."},
        503: {"description": NOT_READY},
    }
}


@router.get(
    "/live",
    auth=None,
    response={200: Health, 422: Problem},
    operation_id="get_liveness",
    summary="Whether the process answers (liveness; no token needed)",
    description='Unauthenticated: answers `{"status": "ok"}` without reading the database, so '
    "an outage of the database never has a healthy process restarted. Like every operation, "
    "it refuses query parameters it does not take (422).",
    openapi_extra=answers("The process is answering."),
)
def live(request: HttpRequest) -> Health:
    return Health()


@router.get(
    "/ready",
    auth=None,
    response={200: Health, 422: Problem, 503: Problem},
    operation_id="get_readiness",
    summary="Whether this instance can serve (readiness; no token needed)",
    description="Unauthenticated: the database answers, every migration is applied, and a "
    "worker finished a pass within `SOJOURN_WORKER_STALE_SECONDS`. Send traffic only while it "
    "answers 200.",
    openapi_extra=READY_ANSWERS,
)
def ready(request: HttpRequest) -> Health | HttpResponse:
    return _readiness()


@router.get(
    "",
    auth=None,
    response={200: Health, 422: Problem, 503: Problem},
    operation_id="get_health",
    summary="Readiness, at the address monitors already watch (no token needed)",
    description="Unauthenticated: the same answer as `GET /api/v1/health/ready`.",
    openapi_extra=READY_ANSWERS,
)
def health(request: HttpRequest) -> Health | HttpResponse:
    return _readiness()


def _readiness() -> Health | HttpResponse:
    failures = readiness.failures(timezone.now())
    if not failures:
        return Health()
    errors = [_error(failure) for failure in failures]
    detail = _("Not ready: %(checks)s.") % {"checks": ", ".join(f.check for f in failures)}
    return problem(503, detail, errors=errors, headers={"Retry-After": RETRY_AFTER})


def _error(failure: readiness.Failure) -> dict[str, object]:
    return {
        "field": failure.check,
        "code": failure.code,
        "params": failure.params,
        "message": _message(failure),
    }


def _message(failure: readiness.Failure) -> str:
    params = failure.params
    match failure.code:
        case "unreachable":
            return _("The database does not answer.")
        case "pending":
            return _("%(count)s migrations are not applied: run sojourn migrate.") % params
        case "absent":
            return _("No worker has finished a pass: start sojourn worker.")
        case _:
            return _("No worker has finished a pass in the last %(seconds)s seconds.") % params
