"""The contact register: contacts listed as each role's register holds them, and one contact with
its names, identifiers, sightings and hits. Every read of one contact is audited
(`record_contact_read`), as on its page.

Officers see their organisation's register, oversight and auditors every register, a traveller
the contacts they reported themselves (`ContactQuerySet.visible_to`) and, of each, only their
own sightings, neither the register's notes nor its screening hits.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.pagination import Page, paginate
from sojourn.api.routers import suggestions
from sojourn.api.routers.screening import hits_out
from sojourn.api.schemas.contacts import Contact, ContactFilters, ContactSummary, Sighting
from sojourn.api.schemas.problem import COMMON, READ_ONE
from sojourn.api.schemas.trip_fields import MAX_ID
from sojourn.contacts.models import Contact as ContactModel
from sojourn.contacts.models import Sighting as SightingModel
from sojourn.contacts.reads import record_contact_read
from sojourn.people.access import role_of
from sojourn.people.models import Role
from sojourn.screening import screen
from sojourn.screening.models import Hit

router = Router()
ContactId = Annotated[int, Path(ge=1, le=MAX_ID, description="The contact's id.")]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def _visible(user: User) -> QuerySet[ContactModel]:
    return ContactModel.objects.visible_to(user).select_related("organisation")


def _filtered(user: User, filters: ContactFilters) -> QuerySet[ContactModel]:
    found = _visible(user).filter(merged_into__isnull=not filters.merged)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.country:
        found = found.filter(country=filters.country.upper())
    if filters.organisation:
        found = found.filter(organisation__slug=filters.organisation)
    if filters.cluster_id is not None:
        found = found.filter(cluster_id=filters.cluster_id)
    if filters.flagged is not None:
        if role_of(user) == Role.TRAVELLER:
            raise ApiError(
                422,
                _("Some fields cannot be accepted."),
                errors={"flagged": _("Screening flags are for officers, oversight and auditors.")},
            )
        with_hits = Hit.objects.filter(contact__in=found.values("pk")).values_list(
            "contact_id", flat=True
        )
        flagged = screen.flagged({pk for pk in with_hits if pk is not None})
        found = found.filter(pk__in=flagged) if filters.flagged else found.exclude(pk__in=flagged)
    return found


@router.get(
    "",
    response={200: Page[ContactSummary], **COMMON},
    operation_id="list_contacts",
    summary="Contacts",
    description="The current contacts of the registers the caller sees, the newest first: "
    "officers their organisation's, oversight and auditors every one, a traveller the contacts "
    "they reported. `merged=true` lists the contacts merged into another instead. Example: "
    "`GET /api/v1/contacts?country=CN&flagged=true&limit=20`.",
    openapi_extra=answers("One page of contacts; `next` is the `cursor` of the following page."),
)
def list_contacts(request: HttpRequest, filters: Query[ContactFilters]) -> dict[str, Any]:
    user = _user(request)
    page = paginate(_filtered(user, filters), filters, order=["-created_at", "-id"])
    flagged = screen.flagged(contact.pk for contact in page["items"])
    shown = role_of(user) != Role.TRAVELLER
    page["items"] = [
        ContactSummary.of(contact, contact.pk in flagged if shown else None)
        for contact in page["items"]
    ]
    return page


def _sightings(user: User, contact: ContactModel) -> list[Sighting]:
    found = SightingModel.objects.filter(contact=contact).select_related("reporter")
    if role_of(user) == Role.TRAVELLER:
        found = found.filter(reporter=user)
    return [Sighting.of(sighting) for sighting in found]


@router.get(
    "/{int:contact_id}",
    response={200: Contact, **READ_ONE},
    operation_id="get_contact",
    summary="A contact",
    description="The contact with its names (aliases, with their matching form), strong "
    "identifiers, sightings (the latest first) and screening hits. A traveller reads only the "
    "sightings they reported, and no notes or hits. A contact the caller may not see is a 404. "
    "Every read is audited (`contact.read`).",
    openapi_extra=answers("The contact."),
)
def get_contact(request: HttpRequest, contact_id: ContactId) -> Contact:
    user = _user(request)
    contacts = ContactModel.objects.select_related("organisation")
    contact = contacts.prefetch_related("aliases", "identifiers").get_for(user, pk=contact_id)
    record_contact_read(contact, actor=user, at=timezone.now(), through="api")
    traveller = role_of(user) == Role.TRAVELLER
    return Contact.build(
        contact,
        flagged=None if traveller else bool(screen.flagged([contact.pk])),
        notes=None if traveller else contact.notes,
        sightings=_sightings(user, contact),
        hits=[] if traveller else hits_out(Hit.objects.filter(contact=contact)),
    )


router.add_router("/suggestions", suggestions.router)
