"""`GET /me`: who the token belongs to, their role and organisation."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from sojourn.api.auth import token_of
from sojourn.api.schemas.people import MeOut
from sojourn.api.schemas.problem import COMMON

router = Router()


@router.get("", response={200: MeOut, **COMMON}, summary="The token's owner")
def me(request: HttpRequest) -> MeOut:
    return MeOut.of(request.user, token_of(request))  # type: ignore[arg-type]
