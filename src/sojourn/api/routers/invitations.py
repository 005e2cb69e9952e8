"""Invitations: recorded and pre-assessed, then declined (with a reason) or accepted (which
opens a draft trip). The same services as the web's invitation pages."""

from __future__ import annotations

from typing import Annotated

from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.pagination import Page, paginate
from sojourn.api.schemas.invitations import (
    Invitation,
    InvitationDecisionIn,
    InvitationDecisionResult,
    InvitationFilters,
    InvitationIn,
)
from sojourn.api.schemas.problem import COMMON, READ_ONE, WRITE
from sojourn.people.access import person_of, role_of
from sojourn.people.models import Role
from sojourn.people.today import today_for
from sojourn.trips import invitations
from sojourn.trips.errors import InvitationDecided
from sojourn.trips.models import Invitation as InvitationModel
from sojourn.trips.models import InvitationQuerySet, Trip

router = Router()
# A database id: one out of the database's range is refused (422) rather than looked up.
InvitationId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The invitation's id.")]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def _visible(user: User) -> InvitationQuerySet:
    trips = Trip.objects.visible_to(user).only("id", "invitation_id").order_by("id")
    return (
        InvitationModel.objects.visible_to(user)
        .select_related("invitee", "organisation")
        .prefetch_related(Prefetch("trips", queryset=trips))
    )


def _one(user: User, invitation_id: int) -> InvitationModel:
    return _visible(user).get_for(user, pk=invitation_id)


@router.get(
    "",
    response={200: Page[Invitation], **COMMON},
    operation_id="list_invitations",
    summary="Invitations",
    description="Travellers see their own, officers their organisation's, oversight and "
    "auditors all; the latest events first.",
    openapi_extra=answers("One page of invitations; `next` is the `cursor` of the following page."),
)
def list_invitations(request: HttpRequest, filters: Query[InvitationFilters]) -> dict[str, object]:
    found = _visible(_user(request))
    if filters.decision:
        found = found.filter(decision=filters.decision)
    page = paginate(found, filters, order=["-starts_on", "-id"])
    page["items"] = [Invitation.of(invitation) for invitation in page["items"]]
    return page


@router.post(
    "",
    response={201: Invitation, **WRITE},
    operation_id="create_invitation",
    summary="Record an invitation",
    description="Travellers record the invitations they receive; the answer carries the "
    "pre-assessment (the event assessed as a trip reported today).",
    openapi_extra=answers("The invitation as recorded, with its pre-assessment.", 201),
)
def record_invitation(request: HttpRequest, payload: InvitationIn) -> Status[Invitation]:
    now = timezone.now()
    user = _user(request)
    if role_of(user) != Role.TRAVELLER or person_of(user) is None:
        raise ApiError(403, _("Only travellers report trips and invitations."))
    recorded = invitations.record(actor=user, data=payload.to_input(today_for(user, now)), now=now)
    return Status(201, Invitation.of(_one(user, recorded.pk)))


@router.get(
    "/{int:invitation_id}",
    response={200: Invitation, **READ_ONE},
    operation_id="get_invitation",
    summary="An invitation",
    description="The invitation with its pre-assessment and, once decided, the decision and "
    "the trip it opened.",
    openapi_extra=answers("The invitation."),
)
def get_invitation(request: HttpRequest, invitation_id: InvitationId) -> Invitation:
    return Invitation.of(_one(_user(request), invitation_id))


@router.post(
    "/{int:invitation_id}/decision",
    response={200: InvitationDecisionResult, **WRITE},
    operation_id="decide_invitation",
    summary="Decline or accept an invitation",
    description="Only the person invited decides, once. Declining needs a `reason`; accepting "
    "opens a draft trip prefilled from the invitation and answers its id as `trip_id`.",
    openapi_extra=answers("The decision, and the draft trip an acceptance opened."),
)
def decide_invitation(
    request: HttpRequest, invitation_id: InvitationId, payload: InvitationDecisionIn
) -> InvitationDecisionResult:
    now = timezone.now()
    user = _user(request)
    invitation = _one(user, invitation_id)
    if invitation.invitee_id != user.pk:
        raise ApiError(403, _("Only the person invited decides an invitation."))
    trip_id = None
    try:
        if payload.decision == "decline":
            invitations.decline(invitation, actor=user, reason=payload.reason, now=now)
        else:
            trip_id = invitations.accept(invitation, actor=user, reason=payload.reason, now=now).pk
    except InvitationDecided as decided:
        raise ApiError(409, decided.message) from None
    return InvitationDecisionResult(
        invitation=Invitation.of(_one(user, invitation.pk)), trip_id=trip_id
    )
