"""Suggestions under `/contacts/suggestions`: the pairs of contacts matching found alike, for an
officer to confirm or reject in their organisation's register (oversight across registers),
through `sojourn.contacts.resolution`, which audits each decision. Officers see their
organisation's, oversight and auditors every one; travellers 403. A decision follows the
invitations' convention: `POST .../{id}/decision` with the `decision` in the body."""

from __future__ import annotations

from typing import Annotated, Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.pagination import Page, paginate
from sojourn.api.schemas.contacts import Suggestion, SuggestionDecisionIn, SuggestionFilters
from sojourn.api.schemas.problem import COMMON, READ_ONE, WRITE, Problem
from sojourn.api.schemas.trip_fields import MAX_ID
from sojourn.contacts import resolution
from sojourn.contacts.errors import ContactError, NotAllowed
from sojourn.contacts.models import Suggestion as SuggestionModel
from sojourn.people.access import role_of
from sojourn.people.models import Role

router = Router()
SuggestionId = Annotated[int, Path(ge=1, le=MAX_ID, description="The suggestion's id.")]
READERS = frozenset({Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR})


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def _visible(user: User) -> QuerySet[SuggestionModel]:
    if role_of(user) not in READERS:
        raise ApiError(403, _("Suggestions are for security officers, oversight and auditors."))
    found = SuggestionModel.objects.visible_to(user)
    return found.select_related("organisation", "decided_by")


def _one(user: User, suggestion_id: int) -> SuggestionModel:
    found = _visible(user).filter(pk=suggestion_id).first()
    if found is None:
        raise ApiError(404, _("There is nothing here, or you may not see it."))
    return found


@router.get(
    "",
    response={200: Page[Suggestion], **COMMON, 403: Problem},
    operation_id="list_suggestions",
    summary="Suggestions",
    description="Pairs of contacts whose match score passed the threshold, the highest score "
    "first. Officers: their organisation's; oversight and auditors: every one, those across "
    "registers with a null `organisation`. Travellers 403. Example: "
    "`GET /api/v1/contacts/suggestions?status=open`.",
    openapi_extra=answers("One page of suggestions; `next` is the `cursor` of the following page."),
)
def list_suggestions(request: HttpRequest, filters: Query[SuggestionFilters]) -> dict[str, Any]:
    found = _visible(_user(request))
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.contact_id is not None:
        found = found.filter(Q(contact_id=filters.contact_id) | Q(candidate_id=filters.contact_id))
    page = paginate(found, filters, order=["-score", "id"])
    page["items"] = [Suggestion.of(suggestion) for suggestion in page["items"]]
    return page


@router.get(
    "/{int:suggestion_id}",
    response={200: Suggestion, **READ_ONE, 403: Problem},
    operation_id="get_suggestion",
    summary="A suggestion",
    description="Another organisation's suggestion is a 404 to an officer. Travellers 403.",
    openapi_extra=answers("The suggestion."),
)
def get_suggestion(request: HttpRequest, suggestion_id: SuggestionId) -> Suggestion:
    return Suggestion.of(_one(_user(request), suggestion_id))


@router.post(
    "/{int:suggestion_id}/decision",
    response={200: Suggestion, **WRITE},
    operation_id="decide_suggestion",
    summary="Confirm or reject a suggestion",
    description="An officer of the register decides it (oversight one across registers), once: "
    "`confirm` merges the candidate into the contact (or joins the two registers' contacts in "
    "one cluster), `reject` keeps them apart and the pair is never suggested again. A decided "
    "suggestion is a 409; a reader who may not decide it, 403. Audited. Example body: "
    '`{"decision": "reject"}`.',
    openapi_extra=answers("The suggestion as decided."),
)
def decide_suggestion(
    request: HttpRequest, suggestion_id: SuggestionId, payload: SuggestionDecisionIn
) -> Suggestion:
    user = _user(request)
    suggestion = _one(user, suggestion_id)
    decide = resolution.confirm if payload.decision == "confirm" else resolution.reject
    try:
        decide(suggestion, actor=user, now=timezone.now())
    except NotAllowed:
        raise ApiError(403, _("Only the register's officers decide its suggestions.")) from None
    except ContactError:
        raise ApiError(409, _("This suggestion has already been decided.")) from None
    return Suggestion.of(_one(user, suggestion_id))
