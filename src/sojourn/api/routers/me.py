"""`GET /me`: who the token belongs to, their role and organisation."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from sojourn.api.auth import token_of
from sojourn.api.description import answers
from sojourn.api.schemas.people import Me
from sojourn.api.schemas.problem import COMMON

router = Router()


@router.get(
    "",
    response={200: Me, **COMMON},
    operation_id="get_me",
    summary="The token's owner",
    description="Who the token belongs to: their username, role and organisation, and the "
    "token's name, scopes and expiry.",
    openapi_extra=answers("The token's owner and the token."),
)
def me(request: HttpRequest) -> Me:
    return Me.of(request.user, token_of(request))  # type: ignore[arg-type]
