"""Writing a contact's names and identifiers, with what matching looks them up by."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache

from sojourn.contacts import hooks
from sojourn.contacts.identifiers import StrongIdentifier, fingerprint
from sojourn.contacts.models import Alias, BlockKey, Contact, ContactKind, Identifier
from sojourn.names import Kind, Name, blocking_keys, parse
from sojourn.people.models import Organisation


def name_kind(kind: str) -> Kind:
    return Kind.ORGANISATION if kind == ContactKind.ORGANISATION else Kind.PERSON


@lru_cache(maxsize=65536)
def parsed(name: str, kind: str) -> Name:
    """`name` read for matching (kept for the process: a register reads the same names often)."""
    return parse(name, name_kind(kind))


def key_fingerprints(name: Name) -> list[str]:
    """The fingerprints of a name's blocking keys, as `BlockKey.key` holds them."""
    return [fingerprint(f"{name.kind}|{key}") for key in sorted(blocking_keys(name))]


def _unordered(name: Name) -> tuple[str, ...]:
    # "Lin Mei" and "Mei Lin" are one name written in two orders: not a new alias.
    return tuple(sorted(name.tokens))


def create_contact(
    *,
    organisation: Organisation,
    name: str,
    kind: str = ContactKind.PERSON,
    country: str = "",
    affiliation: Contact | None = None,
    identifiers: Iterable[StrongIdentifier] = (),
    now: datetime.datetime,
) -> Contact:
    """A new contact in `organisation`'s register, its name its first alias."""
    contact = Contact.objects.create(
        organisation=organisation,
        kind=kind,
        name=name,
        country=country.upper(),
        affiliation=affiliation,
        created_at=now,
    )
    add_alias(contact, name, now=now)
    add_identifiers(contact, identifiers)
    return contact


def add_alias(contact: Contact, name: str, *, now: datetime.datetime) -> Alias | None:
    """`name` as a name of `contact`, unless it reads as one it already has; a new name is
    announced (`hooks.named`), so screening sees it at once."""
    new = parsed(name, contact.kind)
    known = {_unordered(parsed(a.name, contact.kind)) for a in contact.aliases.all()}
    if not new.tokens or _unordered(new) in known:
        return None
    alias = Alias.objects.create(contact=contact, name=name)
    BlockKey.objects.bulk_create(
        BlockKey(alias=alias, organisation_id=contact.organisation_id, key=key)
        for key in key_fingerprints(new)
    )
    hooks.named([contact.pk], now=now)
    return alias


def add_identifiers(contact: Contact, identifiers: Iterable[StrongIdentifier]) -> list[Identifier]:
    """The identifiers `contact` does not have yet, added."""
    known = set(contact.identifiers.values_list("fingerprint", flat=True))
    new = [i for i in dict.fromkeys(identifiers) if i.fingerprint not in known]
    return Identifier.objects.bulk_create(
        Identifier(
            contact=contact,
            organisation_id=contact.organisation_id,
            kind=i.kind,
            value=i.value,
            fingerprint=i.fingerprint,
        )
        for i in new
    )
