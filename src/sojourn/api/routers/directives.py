"""Directives: the authority's record of advisories, instructions and policy versions, each with
the re-assessment run it started. Oversight and auditors read them (to anyone else the list is
empty and a directive a 404, as on the web); only oversight issues them."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.pagination import Page, paginate
from sojourn.api.schemas.directives import Directive, DirectiveFilters, DirectiveIn
from sojourn.api.schemas.problem import COMMON, READ_ONE, WRITE
from sojourn.directives import selectors, services
from sojourn.directives.models import Directive as DirectiveModel
from sojourn.people.access import role_of
from sojourn.people.models import Person, Role
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Trip

router = Router()
# A database id: one out of the database's range is refused (422) rather than looked up.
DirectiveId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The directive's id.")]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def _oversight(request: HttpRequest) -> User:
    user = _user(request)
    if role_of(user) != Role.OVERSIGHT:
        raise ApiError(403, _("Only oversight issues directives."))
    return user


def shown(user: User, directive_id: int) -> Directive:
    """One directive as the API shows it; a 404 for a viewer who may not read it."""
    found = selectors.directives(user).filter(pk=directive_id).first()
    if found is None:
        raise ApiError(404, _("There is nothing here, or you may not see it."))
    return Directive.of(found)


@router.get(
    "",
    response={200: Page[Directive], **COMMON},
    operation_id="list_directives",
    summary="Directives",
    description="Newest first. Oversight and auditors read them; for anyone else the list is "
    "empty.",
    openapi_extra=answers("One page of directives; `next` is the `cursor` of the following page."),
)
def list_directives(request: HttpRequest, filters: Query[DirectiveFilters]) -> dict[str, object]:
    found = selectors.directives(_user(request))
    if filters.kind:
        found = found.filter(kind=filters.kind)
    page = paginate(found, filters, order=["-issued_at", "-id"])
    page["items"] = [Directive.of(directive) for directive in page["items"]]
    return page


@router.get(
    "/{int:directive_id}",
    response={200: Directive, **READ_ONE},
    operation_id="get_directive",
    summary="A directive, with its re-assessment run's progress",
    description="Oversight and auditors read directives; for anyone else it is a 404. An "
    "advisory, a hold or a new policy version carries its re-assessment `run`: follow it "
    "until its `status` is `done` (or `failed`).",
    openapi_extra=answers("The directive."),
)
def get_directive(request: HttpRequest, directive_id: DirectiveId) -> Directive:
    return shown(_user(request), directive_id)


def _advisory(user: User, payload: DirectiveIn, now: datetime.datetime) -> DirectiveModel:
    # `refusals()` made sure an advisory has these.
    assert payload.destinations is not None
    assert payload.starts_on is not None
    assert payload.ends_on is not None
    assert payload.effect is not None
    directive, _run = services.issue_advisory(
        actor=user,
        destinations=payload.destinations,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        effect=payload.effect,
        tier=payload.tier,
        text=payload.text,
        now=now,
    )
    return directive


def _cancel(user: User, payload: DirectiveIn, now: datetime.datetime) -> DirectiveModel:
    assert payload.trip_id is not None  # `refusals()` made sure a cancel has it
    trip = Trip.objects.visible_to(user).filter(pk=payload.trip_id).first()
    if trip is None:
        raise ApiError(
            422,
            _("Some fields cannot be accepted."),
            errors={"trip_id": _("There is no trip with this number.")},
        )
    return services.instruct_cancel(actor=user, trip=trip, text=payload.text, now=now)


def _hold(user: User, payload: DirectiveIn, now: datetime.datetime) -> DirectiveModel:
    assert payload.person_id is not None  # `refusals()` made sure a hold has it
    person = Person.objects.visible_to(user).filter(user_id=payload.person_id).first()
    if person is None:
        raise ApiError(
            422,
            _("Some fields cannot be accepted."),
            errors={"person_id": _("Nobody in Sojourn has this user id.")},
        )
    assert payload.hold_until is not None
    directive, _run = services.instruct_hold(
        actor=user, person=person.user, hold_until=payload.hold_until, text=payload.text, now=now
    )
    return directive


@router.post(
    "",
    response={201: Directive, **WRITE},
    operation_id="issue_directive",
    summary="Issue a directive",
    description="Oversight only. `kind` chooses the directive: `advisory` (destinations over a "
    "window of dates: raise to a tier, or prohibit), `cancel_trip` (cancels one submitted or "
    "approved trip at once; 409 when it is past that) or `hold_person` (no trip of theirs may "
    "start until a date). Advisories and holds start a re-assessment of the open trips, which "
    "the worker carries: follow its `run`. New policy versions are issued with `POST /policies`.",
    openapi_extra=answers("The directive as issued.", 201),
)
def issue_directive(request: HttpRequest, payload: DirectiveIn) -> Status[Directive]:
    now = timezone.now()
    user = _oversight(request)
    refusals = payload.refusals()
    if refusals:
        raise InvalidInput(refusals)
    issue = {"advisory": _advisory, "cancel_trip": _cancel, "hold_person": _hold}[payload.kind]
    directive = issue(user, payload, now)
    return Status(201, shown(user, directive.pk))
