"""`POST /assess`: the assessment of a trip that is not stored, as the trip form's live panel
shows it — for the caller, or for an officer or oversight, for one of the people they look after.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.schemas.assessment import AssessIn, AssessmentResult, assessment_out
from sojourn.api.schemas.people import PersonName
from sojourn.api.schemas.problem import WRITE
from sojourn.people.access import person_of, role_of
from sojourn.people.models import Person, Role
from sojourn.people.today import today_of
from sojourn.policy import InputError
from sojourn.trips import body
from sojourn.trips.assessing import assess_facts, traveller_of
from sojourn.trips.errors import InvalidInput

router = Router()

# Who may assess a trip for someone else they can see; anyone may assess one for themselves.
ON_BEHALF = frozenset({Role.OFFICER, Role.OVERSIGHT})


def _person(request: HttpRequest, traveller: int | None) -> Person:
    user = request.user
    assert isinstance(user, User)
    if traveller is None or traveller == user.pk:
        person = person_of(user)
        if person is None:
            raise ApiError(403, _("Only people with a Sojourn profile have trips to assess."))
        return person
    person = (
        Person.objects.visible_to(user)
        .select_related("user", "organisation")
        .filter(user_id=traveller)
        .first()
    )
    if person is None:
        raise ApiError(
            404,
            _("There is nothing here, or you may not see it."),
            errors={"traveller_id": _("Nobody you look after has this user id.")},
        )
    if role_of(user) not in ON_BEHALF:
        raise ApiError(403, _("Only security officers and oversight assess trips for others."))
    return person


@router.post(
    "",
    response={200: AssessmentResult, **WRITE},
    operation_id="assess_trip",
    summary="Assess a trip without storing it",
    description=(
        "The assessment the trip would receive if it were reported today: tier, route, "
        "approvals, deadlines, findings and risk. The body is `POST /trips`'s, checked by the "
        "same rules. Nothing is stored and nothing is audited. Officers may name one of their "
        "organisation's people as `traveller_id`, oversight anyone; a person the caller may "
        "not see is a 404."
    ),
    openapi_extra=answers("The assessment."),
)
def assess(request: HttpRequest, payload: AssessIn) -> AssessmentResult:
    person = _person(request, payload.traveller_id)
    today = today_of(person.organisation, timezone.now())
    data = payload.to_input()
    errors = body.assessable(data)
    if errors:
        raise InvalidInput(errors)
    traveller = traveller_of(person, person.organisation)
    try:
        found = assess_facts(
            body.facts(data, traveller=traveller, reported_on=today),
            organisation=person.organisation,
            traveller_id=person.user_id,
            today=today,
        )
    except InputError as refused:
        raise InvalidInput({refused.field: refused.message}) from None
    return AssessmentResult(
        traveller=PersonName.of(person.user), assessed_on=today, assessment=assessment_out(found)
    )
