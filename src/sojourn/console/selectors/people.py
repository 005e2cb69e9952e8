"""The people an officer looks after (oversight and auditors: everyone), with their record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import Http404

from sojourn.care.compliance import DEBRIEF_FILED_LATE, Compliance, compliance
from sojourn.care.models import EscalationKind
from sojourn.console.selectors.common import destinations, paginate
from sojourn.facekit.keyset import Key, Window, keyset
from sojourn.people.access import AnyUser, visible_organisations
from sojourn.people.models import Organisation, Person, Role
from sojourn.people.today import by_local_date
from sojourn.policy import country_name
from sojourn.trips.models import Invitation, Trip, TripStatus

S = TripStatus
RECENT_INVITATIONS = 10


@dataclass(frozen=True)
class PeopleFilters:
    search: str = ""
    organisation: int | None = None


@dataclass(frozen=True)
class PersonLine:
    person: Person
    trips: int
    abroad: int
    late_reports: int
    debriefs_overdue: int


@dataclass(frozen=True)
class People:
    lines: list[PersonLine]
    page: Window[Person]
    count: int
    organisations: list[Organisation]
    filters: PeopleFilters


# A page of travellers by keyset: the order of the index on the login table (people migration
# 0004); the username is unique, the user id makes the key whole.
ORDER = ("user__first_name", "user__last_name", "user__username", "user_id")
KINDS: tuple[type[Key], ...] = (str, str, str, int)


def key(person: Person) -> tuple[Key, ...]:
    user = person.user
    return (user.first_name, user.last_name, user.username, person.user_id)


def travellers(user: AnyUser, filters: PeopleFilters) -> QuerySet[Person]:
    """In the order of the index on the login table (people migration 0004): a page reads its
    rows from it instead of sorting everyone."""
    people = (
        Person.objects.visible_to(user)
        .filter(role=Role.TRAVELLER)
        .select_related("user", "organisation")
        .order_by(*ORDER)
    )
    for word in filters.search.split():
        people = people.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
        )
    if filters.organisation is not None:
        people = people.filter(organisation_id=filters.organisation)
    return people


def people(
    user: AnyUser, filters: PeopleFilters, cursor: str | None, now: datetime.datetime
) -> People:
    """A page of travellers from `cursor` (the first page without one). The count of those
    found is one indexed COUNT within the reader's scope. A debrief is overdue by its
    traveller's organisation's date at `now` (oversight's list spans organisations)."""
    overdue = by_local_date(now, lambda today: Q(status=S.RETURNED, debrief_due__lt=today))
    found = travellers(user, filters)
    page = keyset(found, order=ORDER, key=key, kinds=KINDS, cursor=cursor)
    user_ids = [person.user_id for person in page]
    # One grouped query counts the trips of everyone on the page.
    counts = {
        row["traveller_id"]: row
        for row in Trip.objects.visible_to(user)
        .filter(traveller_id__in=user_ids)
        .exclude(status=S.DRAFT)
        .order_by()
        .values("traveller_id")
        .annotate(
            trips=Count("pk"),
            abroad=Count("pk", filter=Q(status=S.IN_PROGRESS)),
            late=Count("pk", filter=Q(late_report=True)),
            overdue=Count("pk", filter=overdue),
        )
    }
    none = {"trips": 0, "abroad": 0, "late": 0, "overdue": 0}
    return People(
        lines=[
            PersonLine(
                person=person,
                trips=counts.get(person.user_id, none)["trips"],
                abroad=counts.get(person.user_id, none)["abroad"],
                late_reports=counts.get(person.user_id, none)["late"],
                debriefs_overdue=counts.get(person.user_id, none)["overdue"],
            )
            for person in page
        ],
        page=page,
        count=found.count(),
        organisations=visible_organisations(user),
        filters=filters,
    )


@dataclass(frozen=True)
class PersonTripLine:
    trip: Trip
    destinations: list[str]
    missed_checkins: int
    debrief_filed_late: bool
    debrief_overdue: bool


@dataclass(frozen=True)
class PersonRecord:
    person: Person
    trips: list[PersonTripLine]
    page: Page[Trip]
    compliance: Compliance
    invitations: list[tuple[Invitation, str]]


def person_for(user: AnyUser, user_id: int) -> Person:
    """The person, or a 404 when the viewer may not see them."""
    person = (
        Person.objects.visible_to(user)
        .select_related("user", "organisation")
        .filter(user_id=user_id)
        .first()
    )
    if person is None:
        raise Http404("No person matches.")
    return person


def person_record(
    user: AnyUser, person: Person, page_number: str | None, today: datetime.date, language: str
) -> PersonRecord:
    trips = (
        Trip.objects.visible_to(user)
        .filter(traveller_id=person.user_id)
        .exclude(status=S.DRAFT)
        .prefetch_related("legs")
        .annotate(
            missed=Count(
                "escalations",
                filter=Q(escalations__kind=EscalationKind.MISSED_CHECKIN),
                distinct=True,
            ),
            filed_late=ExpressionWrapper(DEBRIEF_FILED_LATE, output_field=BooleanField()),
            overdue=ExpressionWrapper(
                Q(status=S.RETURNED, debrief_due__lt=today), output_field=BooleanField()
            ),
        )
        .order_by("-starts_on", "-id")
    )
    page: Page[Trip] = paginate(trips, page_number)
    invitations = (
        Invitation.objects.visible_to(user)
        .filter(invitee_id=person.user_id)
        .order_by("-received_on", "-id")[:RECENT_INVITATIONS]
    )
    return PersonRecord(
        person=person,
        trips=[
            PersonTripLine(
                trip=trip,
                destinations=destinations(trip, language),
                missed_checkins=getattr(trip, "missed", 0),
                debrief_filed_late=bool(getattr(trip, "filed_late", False)),
                debrief_overdue=bool(getattr(trip, "overdue", False)),
            )
            for trip in page
        ],
        page=page,
        compliance=compliance(user, person.user_id, today),
        invitations=[
            (invitation, country_name(invitation.country, language)) for invitation in invitations
        ],
    )
