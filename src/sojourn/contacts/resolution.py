"""Resolving the register: suggestions confirmed or rejected, merges and splits, and undoing them.

Officers resolve their own organisation's register; oversight decides suggestions across
organisations (confirming one puts the two contacts in one cluster, each register keeping its
own). A merge moves one contact's names, identifiers and sightings into another and keeps the
merged contact (`merged_into`); a split moves chosen sightings to a new contact. Each records
exactly what it moved, so undoing it moves that back; each is audited, with ids only.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from sojourn.audit.services import record
from sojourn.contacts import clusters, correlation, hooks
from sojourn.contacts.errors import ContactError, NotAllowed
from sojourn.contacts.models import (
    Alias,
    Contact,
    Identifier,
    Merge,
    MergeKind,
    Sighting,
    Suggestion,
    SuggestionStatus,
)
from sojourn.contacts.register import add_alias
from sojourn.people.access import organisation_id_of, role_of
from sojourn.people.models import Role


def may_resolve(user: User, organisation_id: int | None) -> bool:
    """Officers their own register; oversight what spans registers (no organisation)."""
    role = role_of(user)
    if organisation_id is None:
        return role == Role.OVERSIGHT
    return role == Role.OFFICER and organisation_id_of(user) == organisation_id


def _check(user: User, organisation_id: int | None) -> None:
    if not may_resolve(user, organisation_id):
        raise NotAllowed("not_allowed", "Only the register's officers may resolve it.")


def confirm(suggestion: Suggestion, *, actor: User, now: datetime.datetime) -> Suggestion:
    """The pair is one: merged within a register, clustered across registers."""
    _check(actor, suggestion.organisation_id)
    with transaction.atomic():
        _decide(suggestion, SuggestionStatus.CONFIRMED, actor=actor, now=now)
        if suggestion.organisation_id is None:
            clusters.join([suggestion.contact, suggestion.candidate], actor=actor, now=now)
            correlation.check(suggestion.contact, now=now)
        else:
            merge(suggestion.candidate, into=suggestion.contact, actor=actor, now=now)
    return suggestion


def reject(suggestion: Suggestion, *, actor: User, now: datetime.datetime) -> Suggestion:
    """The pair is two: never suggested again (the pair's row stays, rejected)."""
    _check(actor, suggestion.organisation_id)
    with transaction.atomic():
        _decide(suggestion, SuggestionStatus.REJECTED, actor=actor, now=now)
    return suggestion


def _decide(
    suggestion: Suggestion, status: SuggestionStatus, *, actor: User, now: datetime.datetime
) -> None:
    updated = Suggestion.objects.filter(pk=suggestion.pk, status=SuggestionStatus.OPEN).update(
        status=status, decided_by=actor, decided_at=now
    )
    if updated != 1:
        raise ContactError("already_decided", "This suggestion has already been decided.")
    suggestion.refresh_from_db()
    record(actor=actor, action=f"suggestion.{status}", obj=suggestion, at=now)


def merge(contact: Contact, *, into: Contact, actor: User, now: datetime.datetime) -> Merge:
    """`contact` becomes part of `into`: its names, identifiers and sightings move there."""
    _check(actor, contact.organisation_id)
    if into.organisation_id != contact.organisation_id or into.pk == contact.pk:
        raise ContactError("not_mergeable", "Only two contacts of one register can be merged.")
    if contact.merged_into_id is not None or into.merged_into_id is not None:
        raise ContactError("already_merged", "This contact has already been merged.")
    with transaction.atomic():
        moved: dict[str, list[int] | int | None] = {
            "sightings": _move(Sighting, contact, into),
            "aliases": _move(Alias, contact, into),
            "identifiers": _move(Identifier, contact, into),
        }
        created = add_alias(into, contact.name, now=now)
        moved["alias_created"] = created.pk if created else None
        # `into` holds the merged contact's names now: screened under it.
        hooks.named([into.pk], now=now)
        Contact.objects.filter(pk=contact.pk).update(merged_into=into)
        done = Merge.objects.create(
            kind=MergeKind.MERGE, contact=contact, into=into, moved=moved, by=actor, at=now
        )
        record(actor=actor, action="contact.merged", obj=done, at=now, data=_ids(done))
        correlation.check(into, now=now)
    return done


def split(
    contact: Contact, *, sighting_ids: list[int], actor: User, now: datetime.datetime
) -> Merge:
    """The chosen sightings of `contact` move to a new contact of the same register."""
    _check(actor, contact.organisation_id)
    chosen = list(Sighting.objects.filter(contact=contact, pk__in=sighting_ids).order_by("pk"))
    if not chosen or len(chosen) == contact.sightings.count():
        raise ContactError("bad_split", "Choose some of the contact's sightings, not all.")
    with transaction.atomic():
        new = Contact.objects.create(
            organisation_id=contact.organisation_id,
            kind=contact.kind,
            name=chosen[0].name,
            country=contact.country,
            created_at=now,
        )
        add_alias(new, chosen[0].name, now=now)
        Sighting.objects.filter(pk__in=[s.pk for s in chosen]).update(contact=new)
        moved = {"sightings": [s.pk for s in chosen], "aliases": [], "identifiers": []}
        done = Merge.objects.create(
            kind=MergeKind.SPLIT, contact=new, into=contact, moved=moved, by=actor, at=now
        )
        record(actor=actor, action="contact.split", obj=done, at=now, data=_ids(done))
    return done


def undo(done: Merge, *, actor: User, now: datetime.datetime) -> Merge:
    """What the merge or split moved goes back; a split's new contact is merged away."""
    _check(actor, done.into.organisation_id)
    with transaction.atomic():
        if (
            Merge.objects.filter(pk=done.pk, undone_at__isnull=True).update(
                undone_by=actor, undone_at=now
            )
            != 1
        ):
            raise ContactError("already_undone", "This has already been undone.")
        moved = done.moved
        if done.kind == MergeKind.MERGE:
            _move_back(moved, to=done.contact)
            Contact.objects.filter(pk=done.contact_id).update(merged_into=None)
        else:
            Sighting.objects.filter(pk__in=moved["sightings"]).update(contact=done.into)
            Contact.objects.filter(pk=done.contact_id).update(merged_into=done.into)
        done.refresh_from_db()
        record(actor=actor, action=f"contact.{done.kind}_undone", obj=done, at=now)
    return done


def _move(
    model: type[Sighting] | type[Alias] | type[Identifier], source: Contact, to: Contact
) -> list[int]:
    ids = sorted(model.objects.filter(contact=source).values_list("pk", flat=True))
    model.objects.filter(pk__in=ids).update(contact=to)
    return ids


def _move_back(moved: dict[str, list[int] | int | None], *, to: Contact) -> None:
    created = moved.get("alias_created")
    if isinstance(created, int):
        Alias.objects.filter(pk=created).delete()
    for model, key in ((Sighting, "sightings"), (Alias, "aliases"), (Identifier, "identifiers")):
        ids = moved.get(key)
        if isinstance(ids, list):
            model.objects.filter(pk__in=ids).update(contact=to)


def _ids(done: Merge) -> dict[str, object]:
    return {"contact_id": done.contact_id, "into_id": done.into_id, "moved": done.moved}
