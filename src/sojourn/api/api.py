"""The API instance: `/api/v1/`, its OpenAPI description and docs, its auth and its errors.

Each resource is a router in `sojourn.api.routers`; this module only assembles them.
"""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from sojourn.api import description, errors
from sojourn.api.auth import TokenAuth
from sojourn.api.parsing import SojournParser
from sojourn.api.rendering import JsonRenderer
from sojourn.api.routers import (
    assessing,
    contact_reports,
    contacts,
    directives,
    health,
    invitations,
    legal_holds,
    me,
    notifications,
    people,
    policies,
    screening,
    trips,
)

DESCRIPTION = """\
Everything the Sojourn web application does, for HR, booking and security tools.

* **Auth**: a personal access token, `Authorization: Bearer <token>` (create one on your account
  page or with `sojourn token create`). A `read` token may only read.
* **Errors** are `application/problem+json` (RFC 9457) with `errors: [{field, message}]`.
* **Lists** take `limit` and `cursor` and answer `{items, next}`: pass `next` back as `cursor`
  (with the same filters) for the following page; `next` is null on the last one.
* **POST** accepts an `Idempotency-Key` header: a replay within 24 hours answers the first
  response and does nothing twice.
* **Concurrency**: state-changing calls on a trip take its `version`; a stale one answers 409.
"""


class SojournApi(NinjaAPI):
    """Ninja, with the description finished for outside tools (`sojourn.api.description`)."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return description.operation_id_of(operation)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        description.finish(schema)
        return schema


api = SojournApi(
    title="Sojourn API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    parser=SojournParser(),
    renderer=JsonRenderer(),
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/docs",
    # Swagger UI sets inline styles as it renders; only its page relaxes style-src for that.
    docs_decorator=csp_update({"style-src": ["'unsafe-inline'"]}),
    openapi_url="/openapi.json",
)
errors.install(api)

api.add_router("/health", health.router, tags=["health"])
api.add_router("/me", me.router, tags=["me"])
api.add_router("/trips", trips.router, tags=["trips"])
api.add_router("/invitations", invitations.router, tags=["invitations"])
api.add_router("/assess", assessing.router, tags=["assessment"])
api.add_router("/policies", policies.router, tags=["policies"])
api.add_router("/directives", directives.router, tags=["directives"])
api.add_router("/notifications", notifications.router, tags=["notifications"])
api.add_router("/people", people.router, tags=["people"])
api.add_router("/legal-holds", legal_holds.router, tags=["retention"])
api.add_router("/contacts", contacts.router, tags=["contacts"])
api.add_router("/contact-reports", contact_reports.router, tags=["contacts"])
api.add_router("/screening", screening.router, tags=["screening"])
