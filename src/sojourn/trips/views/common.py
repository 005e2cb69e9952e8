"""What the traveller's pages share: refusals, the htmx test, who may report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sojourn.people.access import AnyUser, person_of
from sojourn.people.sections import may_open
from sojourn.trips.edges import EDGES
from sojourn.trips.errors import (
    InvalidInput,
    LifecycleError,
)
from sojourn.trips.models import (
    Trip,
)

INVITATIONS_PER_PAGE = 25
# The pending first (the stored Invitation.sort_pending), then by date: the order of the index
# invitation_pending_idx, read from a keyset cursor so that a deep page costs what the first does.
INVITATION_ORDER = ("sort_pending", "starts_on", "id")
WITHDRAWABLE = EDGES["withdraw"]


def _reason(error: LifecycleError) -> str:
    if isinstance(error, InvalidInput):
        return " ".join(error.errors.values())
    return error.message


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here is behind login_required
    return request.user


def _may_report(user: AnyUser) -> bool:
    return may_open(user, "trip-new") and person_of(user) is not None


def _refused(
    request: HttpRequest, message: str, *, status: int, trip: Trip | None = None
) -> HttpResponse:
    context = {"message": message, "trip": trip, "stale": status == 409 and trip is not None}
    return render(request, "trips/refused.html", context, status=status)


def _not_a_reporter(request: HttpRequest) -> HttpResponse:
    return _refused(request, _("Only travellers report trips and invitations."), status=403)


@dataclass(frozen=True)
class Preview:
    """What the live panel shows: the assessment as a dict, or None while a leg is incomplete."""

    assessment: dict[str, Any] | None
    show_necessity: bool
