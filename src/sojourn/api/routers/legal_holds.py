"""Legal holds: listed for security officers (their organisation's), oversight and auditors
(every one); set and cleared, with a reason, by an officer of the organisation or oversight, as
on the trip's and the person's pages, by the same services (each audited). Travellers: 403."""

from __future__ import annotations

from typing import Annotated, Any

from django.contrib.auth.models import User
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.pagination import Page, paginate
from sojourn.api.schemas.legal_holds import (
    MAX_ID,
    LegalHold,
    LegalHoldClearIn,
    LegalHoldFilters,
    LegalHoldIn,
)
from sojourn.api.schemas.problem import COMMON, READ_ONE, WRITE, Problem
from sojourn.people.access import role_of
from sojourn.people.models import Person, Role
from sojourn.retention import holds
from sojourn.retention.models import LegalHold as LegalHoldModel
from sojourn.retention.models import LegalHoldQuerySet
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Trip

router = Router()
LegalHoldId = Annotated[int, Path(ge=1, le=MAX_ID, description="The legal hold's id.")]

READERS = frozenset({Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR})
SETTERS = frozenset({Role.OFFICER, Role.OVERSIGHT})
HOLDS_READ = {**COMMON, 403: Problem}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def _refuse_unless_reader(user: User) -> None:
    if role_of(user) not in READERS:
        raise ApiError(403, _("Legal holds are for security officers, oversight and auditors."))


def _visible(user: User) -> LegalHoldQuerySet:
    """The holds on the trips and the people the caller sees (what the pages show them)."""
    trips = Trip.objects.visible_to(user).values("pk")
    people = Person.objects.visible_to(user).values("user_id")
    return LegalHoldModel.objects.filter(
        Q(trip_id__in=trips) | Q(person_id__in=people)
    ).select_related("set_by", "cleared_by")


def _shown(user: User, legal_hold_id: int) -> LegalHold:
    found = _visible(user).filter(pk=legal_hold_id).first()
    if found is None:
        raise ApiError(404, _("There is nothing here, or you may not see it."))
    return LegalHold.of(found)


@router.get(
    "",
    response={200: Page[LegalHold], **HOLDS_READ},
    operation_id="list_legal_holds",
    summary="Legal holds",
    description="Newest first, in force and cleared. Officers: the holds on their "
    "organisation's trips and people; oversight and auditors: every one. Travellers: 403.",
    openapi_extra=answers("One page of legal holds; `next` is the `cursor` of the following page."),
)
def list_legal_holds(request: HttpRequest, filters: Query[LegalHoldFilters]) -> dict[str, Any]:
    user = _user(request)
    _refuse_unless_reader(user)
    found = _visible(user)
    if filters.trip_id is not None:
        found = found.filter(trip_id=filters.trip_id)
    if filters.person_id is not None:
        found = found.filter(person_id=filters.person_id)
    if filters.in_force is not None:
        found = found.filter(cleared_at__isnull=filters.in_force)
    page = paginate(found, filters, order=["-set_at", "-id"])
    page["items"] = [LegalHold.of(hold) for hold in page["items"]]
    return page


@router.get(
    "/{int:legal_hold_id}",
    response={200: LegalHold, **READ_ONE, 403: Problem},
    operation_id="get_legal_hold",
    summary="A legal hold",
    description="A hold on a trip or a person the caller sees; for anyone else it is a 404. "
    "Travellers: 403.",
    openapi_extra=answers("The legal hold."),
)
def get_legal_hold(request: HttpRequest, legal_hold_id: LegalHoldId) -> LegalHold:
    user = _user(request)
    _refuse_unless_reader(user)
    return _shown(user, legal_hold_id)


def _target(user: User, payload: LegalHoldIn) -> dict[str, Any]:
    """The trip or the person the body names, if the caller sees it (else a 404)."""
    if (payload.trip_id is None) == (payload.person_id is None):
        both = _("Name the trip (trip_id) or the person (person_id), one of the two.")
        raise InvalidInput({"trip_id": both, "person_id": both})
    if payload.trip_id is not None:
        trip = Trip.objects.visible_to(user).filter(pk=payload.trip_id).first()
        if trip is not None:
            return {"trip": trip}
        field, unknown = "trip_id", _("There is no trip with this number you may see.")
    else:
        people = Person.objects.visible_to(user).select_related("user")
        person = people.filter(user_id=payload.person_id or 0).first()
        if person is not None:
            return {"person": person.user}
        field, unknown = "person_id", _("Nobody you look after has this user id.")
    raise ApiError(404, _("There is nothing here, or you may not see it."), errors={field: unknown})


@router.post(
    "",
    response={201: LegalHold, **WRITE},
    operation_id="set_legal_hold",
    summary="Set a legal hold",
    description="A security officer of the organisation, or oversight, puts a trip "
    "(`trip_id`) or a person (`person_id`: all their trips) under a legal hold, with a "
    "`reason`: retention then keeps their debriefs whole until the hold is cleared. A trip or "
    "a person the caller does not see is a 404; a hold already in force on it, a 409. Audited.",
    openapi_extra=answers("The legal hold, in force.", 201),
)
def set_legal_hold(request: HttpRequest, payload: LegalHoldIn) -> Status[LegalHold]:
    user = _user(request)
    if role_of(user) not in SETTERS:
        raise ApiError(403, _("Only a security officer of this organisation or oversight sets it."))
    hold = holds.set_hold(
        actor=user, reason=payload.reason, now=timezone.now(), **_target(user, payload)
    )
    return Status(201, _shown(user, hold.pk))


@router.post(
    "/{int:legal_hold_id}/clear",
    response={200: LegalHold, **WRITE},
    operation_id="clear_legal_hold",
    summary="Clear a legal hold",
    description="A security officer of the organisation, or oversight, ends a hold with a "
    "`reason`; retention may then purge what it kept once its period has passed. A hold "
    "already cleared is a 409. Audited.",
    openapi_extra=answers("The legal hold, cleared."),
)
def clear_legal_hold(
    request: HttpRequest, legal_hold_id: LegalHoldId, payload: LegalHoldClearIn
) -> LegalHold:
    user = _user(request)
    found = _visible(user).filter(pk=legal_hold_id).first()
    if found is None:
        raise ApiError(404, _("There is nothing here, or you may not see it."))
    holds.clear_hold(found, actor=user, reason=payload.reason, now=timezone.now())
    return _shown(user, legal_hold_id)
