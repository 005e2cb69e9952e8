"""Recording a sighting, matched as it is recorded.

A strong identifier already in the register links the sighting to its contact at once; otherwise
the sighting gets a contact of its own, and every contact whose score reaches the threshold
becomes a suggestion: for the register's officers when it is theirs, for oversight when it is
another organisation's. The same identifier in another register puts the two in one cluster.
Then the contact's correlation is checked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from sojourn.audit.services import record
from sojourn.contacts import clusters, correlation, hooks
from sojourn.contacts.identifiers import StrongIdentifier
from sojourn.contacts.matching import Facts, by_identifiers, by_name
from sojourn.contacts.models import (
    Contact,
    ContactKind,
    ContactReport,
    Sighting,
    SightingSource,
    Suggestion,
)
from sojourn.contacts.register import add_alias, add_identifiers, create_contact
from sojourn.names import Kind, score
from sojourn.people.models import Organisation
from sojourn.trips.models import Invitation, Trip

# An affiliation's name this alike an organisation contact's is that contact.
SAME_ORGANISATION = 95.0

# A new contact is suggested as the same as this many contacts at most in its own register, and
# as many in the others, the best-scoring first (the oldest among equals). Without a bound, one
# counterpart met on n trips and not yet resolved would make n contacts and n(n-1)/2 suggestions;
# with it, each new one adds a few, and confirming them merges the lot.
SUGGESTIONS_AT_MOST = 5


@dataclass(frozen=True)
class SightingInput:
    source: SightingSource
    occurred_on: datetime.date
    name: str
    kind: str = ContactKind.PERSON
    country: str = ""
    affiliation: str = ""
    identifiers: tuple[StrongIdentifier, ...] = field(default_factory=tuple)
    details: str = ""
    trip: Trip | None = None
    invitation: Invitation | None = None
    contact_report: ContactReport | None = None
    # The contact the reporter chose themselves, if any.
    contact: Contact | None = None
    # The row the sighting is read from (a planned meeting, a meeting held), if any.
    reference: str = ""


def record_sighting(
    data: SightingInput, *, reporter: User, organisation: Organisation, now: datetime.datetime
) -> Sighting:
    # The contact and its affiliation, if either is new or renamed, are screened as one set.
    with transaction.atomic(), hooks.together(now=now):
        contact, linked, renamed = _contact_for(data, organisation=organisation, now=now)
        sighting = Sighting.objects.create(
            contact=contact,
            organisation=organisation,
            source=data.source,
            occurred_on=data.occurred_on,
            reporter=reporter,
            trip=data.trip,
            invitation=data.invitation,
            contact_report=data.contact_report,
            name=data.name,
            details=data.details,
            reference=data.reference,
            created_at=now,
        )
        event = {"contact_id": contact.pk, "source": str(data.source), "linked": linked}
        record(actor=reporter, action="sighting.recorded", obj=sighting, at=now, data=event)
        if linked == "new" or renamed:
            _suggest(contact, data, now=now)
        clusters.join_by_identifiers(contact, list(data.identifiers), now=now)
        correlation.check(contact, now=now)
    return sighting


def _contact_for(
    data: SightingInput, *, organisation: Organisation, now: datetime.datetime
) -> tuple[Contact, str, bool]:
    """The sighting's contact, how it was found (`chosen`, `identifier` or `new`), and whether
    it gained a name (a new name is matched again: it may suggest what the old ones did not)."""
    if data.contact is not None:
        return data.contact, "chosen", _add_what_is_new(data.contact, data, now)
    found = by_identifiers(list(data.identifiers), organisation_id=organisation.pk)
    if found:
        return found[0], "identifier", _add_what_is_new(found[0], data, now)
    contact = create_contact(
        organisation=organisation,
        name=data.name,
        kind=data.kind,
        country=data.country,
        affiliation=organisation_contact(data.affiliation, organisation=organisation, now=now),
        identifiers=data.identifiers,
        now=now,
    )
    record(actor=None, action="contact.created", obj=contact, at=now)
    return contact, "new", False


def _add_what_is_new(contact: Contact, data: SightingInput, now: datetime.datetime) -> bool:
    add_identifiers(contact, data.identifiers)
    return add_alias(contact, data.name, now=now) is not None


def find_organisation(name: str, *, organisation: Organisation) -> Contact | None:
    """The organisation contact of the register that `name` names, if there is one."""
    facts = Facts(name=name, kind=ContactKind.ORGANISATION)
    for candidate in by_name(facts, organisation_id=organisation.pk):
        if score(name, candidate.contact.name, Kind.ORGANISATION) >= SAME_ORGANISATION:
            return candidate.contact
    return None


def organisation_contact(
    name: str, *, organisation: Organisation, now: datetime.datetime
) -> Contact | None:
    """The organisation contact `name` names in the register, created the first time."""
    if not name.strip():
        return None
    found = find_organisation(name, organisation=organisation)
    if found is not None:
        return found
    contact = create_contact(
        organisation=organisation, name=name, kind=ContactKind.ORGANISATION, now=now
    )
    record(actor=None, action="contact.created", obj=contact, at=now)
    return contact


def _suggest(contact: Contact, data: SightingInput, *, now: datetime.datetime) -> None:
    facts = Facts(
        name=data.name, kind=data.kind, country=data.country, affiliation=data.affiliation
    )
    org_id = contact.organisation_id
    own = by_name(facts, organisation_id=org_id, exclude=contact.pk)[:SUGGESTIONS_AT_MOST]
    others = by_name(facts, organisation_id=org_id, other=True)[:SUGGESTIONS_AT_MOST]
    for candidate in [*own, *others]:
        theirs = candidate.contact
        low, high = sorted([contact, theirs], key=lambda c: c.pk)
        suggestion, created = Suggestion.objects.get_or_create(
            contact=low,
            candidate=high,
            defaults={
                "organisation_id": org_id if theirs.organisation_id == org_id else None,
                "score": round(candidate.score, 1),
                "reasons": list(candidate.reasons),
                "created_at": now,
            },
        )
        if created:
            record(actor=None, action="suggestion.opened", obj=suggestion, at=now)
