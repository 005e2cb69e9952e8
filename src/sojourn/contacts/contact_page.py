"""What the contact page shows, for whom.

Officers, oversight and auditors read the whole contact of a register they see: its names
and identifiers, the timeline of its sightings, the travellers involved, its contact reports'
categories, the trips and invitations it appears in, its correlation alerts and its cluster
(the members in other registers only for oversight and auditors), and the sections other apps
add (`page_parts`). A traveller reads only their own sightings of it and their own reports, by the
names they gave: never another traveller's sightings, nor the register's names or notes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import QuerySet

from sojourn.contacts import clusters, page_parts
from sojourn.contacts.models import (
    Alias,
    Contact,
    ContactCategory,
    ContactReport,
    CorrelationAlert,
    Identifier,
    Sighting,
)
from sojourn.people.access import reads_everything, role_of
from sojourn.people.models import Role
from sojourn.trips.models import Invitation, Trip


@dataclass(frozen=True)
class SightingLine:
    sighting: Sighting
    trip: Trip | None
    invitation: Invitation | None


@dataclass(frozen=True)
class TravellerLine:
    traveller: User
    seen: int


@dataclass
class ContactPage:
    contact: Contact
    own_only: bool
    heading: str
    sightings: list[SightingLine]
    reports: list[ContactReport]
    categories: list[tuple[str, int]]
    travellers: list[TravellerLine] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    members: list[Contact] = field(default_factory=list)
    cluster: list[Contact] = field(default_factory=list)
    alerts: list[CorrelationAlert] = field(default_factory=list)
    parts: list[page_parts.Part] = field(default_factory=list)
    trips: list[Trip] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)


def _sightings(contact: Contact, viewer: User, own_only: bool) -> QuerySet[Sighting]:
    found = contact.sightings.select_related("reporter").order_by("-occurred_on", "-pk")
    return found.filter(reporter=viewer) if own_only else found


def _lines(sightings: list[Sighting], viewer: User) -> list[SightingLine]:
    """Each sighting with its trip and invitation, where the viewer may open them."""
    trip_ids = {s.trip_id for s in sightings if s.trip_id is not None}
    invitation_ids = {s.invitation_id for s in sightings if s.invitation_id is not None}
    trips = Trip.objects.visible_to(viewer).filter(pk__in=trip_ids).in_bulk()
    invitations = Invitation.objects.visible_to(viewer).filter(pk__in=invitation_ids).in_bulk()
    return [
        SightingLine(
            s,
            trips.get(s.trip_id) if s.trip_id else None,
            invitations.get(s.invitation_id) if s.invitation_id else None,
        )
        for s in sightings
    ]


def _categories(reports: list[ContactReport]) -> list[tuple[str, int]]:
    counted = Counter(report.category for report in reports)
    labels = dict(ContactCategory.choices)
    return [(str(labels.get(code, code)), n) for code, n in counted.most_common()]


def _cluster(contact: Contact, viewer: User) -> list[Contact]:
    """The other members of the contact's cluster the viewer may see."""
    others = [c for c in clusters.members(contact) if c.pk != contact.pk]
    if reads_everything(viewer):
        return others
    return [c for c in others if c.organisation_id == contact.organisation_id]


def page_for(contact: Contact, viewer: User) -> ContactPage:
    own_only = role_of(viewer) == Role.TRAVELLER
    sightings = list(_sightings(contact, viewer, own_only))
    lines = _lines(sightings, viewer)
    reports = list(
        ContactReport.objects.visible_to(viewer).filter(contact=contact).order_by("-occurred_on")
    )
    heading = sightings[0].name if own_only and sightings else contact.name
    page = ContactPage(
        contact=contact,
        own_only=own_only,
        heading=heading,
        sightings=lines,
        reports=reports,
        categories=_categories(reports),
        trips=list({line.trip.pk: line.trip for line in lines if line.trip}.values()),
        invitations=list(
            {line.invitation.pk: line.invitation for line in lines if line.invitation}.values()
        ),
    )
    if own_only:
        return page
    counted = Counter(s.reporter for s in sightings)
    page.travellers = [TravellerLine(user, n) for user, n in counted.most_common()]
    page.aliases = list(contact.aliases.all())
    page.identifiers = list(contact.identifiers.all())
    page.members = list(
        Contact.objects.filter(affiliation=contact, merged_into__isnull=True).order_by("pk")
    )
    page.cluster = _cluster(contact, viewer)
    page.alerts = list(contact.alerts.all())
    page.parts = page_parts.parts_of(contact, viewer)
    return page
