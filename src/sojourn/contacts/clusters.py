"""Clusters: contacts of several registers that are one person or organisation.

Two registers' contacts join one cluster when they share a strong identifier, or when oversight
confirms a suggestion across organisations; joining two clusters makes them one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count

from sojourn.audit.services import record
from sojourn.contacts.identifiers import StrongIdentifier
from sojourn.contacts.matching import by_identifiers
from sojourn.contacts.models import Cluster, Contact
from sojourn.people.access import role_of
from sojourn.people.models import Role


def join(contacts: list[Contact], *, actor: User | None, now: datetime.datetime) -> Cluster:
    """One cluster holding every contact given and every contact of their clusters."""
    existing = sorted({c.cluster_id for c in contacts if c.cluster_id is not None})
    cluster = (
        Cluster.objects.get(pk=existing[0]) if existing else Cluster.objects.create(created_at=now)
    )
    Contact.objects.filter(cluster_id__in=existing[1:]).update(cluster=cluster)
    Contact.objects.filter(pk__in=[c.pk for c in contacts]).update(cluster=cluster)
    Cluster.objects.filter(pk__in=existing[1:]).delete()
    for contact in contacts:
        contact.cluster = cluster
    data = {"contact_ids": sorted(c.pk for c in contacts)}
    record(actor=actor, action="cluster.joined", obj=cluster, at=now, data=data)
    return cluster


def join_by_identifiers(
    contact: Contact, identifiers: list[StrongIdentifier], *, now: datetime.datetime
) -> Cluster | None:
    """The cluster `contact` shares with other registers' holders of its identifiers, if any."""
    others = by_identifiers(identifiers, organisation_id=contact.organisation_id, other=True)
    if not others:
        return None
    if contact.cluster_id is not None and all(o.cluster_id == contact.cluster_id for o in others):
        return contact.cluster
    return join([contact, *others], actor=None, now=now)


def members(contact: Contact) -> list[Contact]:
    """The contacts of `contact`'s cluster (itself alone when it has none)."""
    if contact.cluster_id is None:
        return [contact]
    return list(Contact.objects.filter(cluster_id=contact.cluster_id, merged_into__isnull=True))


@dataclass(frozen=True)
class ClusterSeen:
    cluster_id: int
    organisations: int
    sightings: int
    travellers: int


def cross_organisation(user: User) -> list[ClusterSeen]:
    """The clusters seen by travellers of more than one organisation, the most seen first:
    oversight's and auditors' view (nobody else's)."""
    if role_of(user) not in {Role.OVERSIGHT, Role.AUDITOR}:
        return []
    rows = (
        Cluster.objects.annotate(
            organisations=Count("contacts__sightings__organisation", distinct=True),
            sightings=Count("contacts__sightings", distinct=True),
            travellers=Count("contacts__sightings__reporter", distinct=True),
        )
        .filter(organisations__gte=2)
        .order_by("-sightings", "-travellers", "pk")
        .values_list("pk", "organisations", "sightings", "travellers")
    )
    return [ClusterSeen(*row) for row in rows]
