"""People: officers read their organisation's, oversight and auditors everyone's, each with
the compliance record the console's person page shows. Travellers have no such list (403), as
on the web; a person the caller may not see is a 404 before that."""

from __future__ import annotations

from typing import Annotated

from django.contrib.auth.models import User
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.pagination import Page, paginate
from sojourn.api.schemas.people_list import Person, PersonCompliance, PersonFilters, PersonSummary
from sojourn.api.schemas.problem import COMMON, READ_ONE, Problem
from sojourn.care.compliance import compliance
from sojourn.people.access import role_of
from sojourn.people.models import Person as PersonModel
from sojourn.people.models import PersonQuerySet, Role
from sojourn.people.today import today_of

router = Router()
# A database id: one out of the database's range is refused (422) rather than looked up.
PersonId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The person's user id.")]

READERS = frozenset({Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR})
PEOPLE_READ = {**COMMON, 403: Problem}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def _refuse_unless_reader(user: User) -> None:
    if role_of(user) not in READERS:
        raise ApiError(403, _("People are for security officers, oversight and auditors."))


def _people(user: User) -> PersonQuerySet:
    return PersonModel.objects.visible_to(user).select_related("user", "organisation")


@router.get(
    "",
    response={200: Page[PersonSummary], **PEOPLE_READ},
    operation_id="list_people",
    summary="People",
    description="Officers: their organisation's people; oversight and auditors: everyone. "
    "By username. Travellers: 403.",
    openapi_extra=answers("One page of people; `next` is the `cursor` of the following page."),
)
def list_people(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, object]:
    user = _user(request)
    _refuse_unless_reader(user)
    found = _people(user).annotate(username=F("user__username"))
    if filters.role:
        found = found.filter(role=filters.role)
    if filters.organisation:
        found = found.filter(organisation__slug=filters.organisation)
    for word in (filters.q or "").split():
        found = found.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
        )
    page = paginate(found, filters, order=["username", "id"])
    page["items"] = [PersonSummary.of(person) for person in page["items"]]
    return page


@router.get(
    "/{int:person_id}",
    response={200: Person, **READ_ONE, 403: Problem},
    operation_id="get_person",
    summary="A person and their compliance record",
    description="Officers read their organisation's people, oversight and auditors anyone "
    "(403 for a traveller): the person and their compliance record over the trips, "
    "escalations and invitations the caller sees (late reports, late and overdue debriefs, "
    "missed check-ins).",
    openapi_extra=answers("The person and their compliance record."),
)
def get_person(request: HttpRequest, person_id: PersonId) -> Person:
    now = timezone.now()
    user = _user(request)
    person = _people(user).get_for(user, user_id=person_id)
    _refuse_unless_reader(user)
    today = today_of(person.organisation, now)
    return Person(
        **PersonSummary.of(person).model_dump(),
        as_of=today,
        compliance=PersonCompliance.of(compliance(user, person.user_id, today)),
    )
