"""Finding the contacts a new sighting may be: by strong identifier (certain), by name (scored).

A name is looked up by its blocking keys' fingerprints, so only the few contacts sharing a key
are read and scored, however large the register. The score is the best of the names' scores
(`sojourn.names`), raised when the affiliations agree and lowered when they or the countries
differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from sojourn.contacts.identifiers import StrongIdentifier
from sojourn.contacts.models import Alias, Contact, ContactKind, Identifier
from sojourn.contacts.register import key_fingerprints, parsed
from sojourn.names import Name, score
from sojourn.names.index import GENERIC_WORDS

# A score at or above this becomes a suggestion for an officer (or oversight) to decide.
SUGGEST_AT = 85.0
SAME_AFFILIATION = 5.0
# Enough that a name at another affiliation is suggested only when it reads the same: people
# move, but a near name somewhere else is more often someone else.
OTHER_AFFILIATION = -15.0
OTHER_COUNTRY = -10.0
AFFILIATION_ALIKE = 85.0
REACH = SUGGEST_AT - SAME_AFFILIATION
# How many contacts sharing a key are scored at most: a very common key reads no more than this.
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class Facts:
    """What a sighting says about the contact: its name, kind, country and affiliation."""

    name: str
    kind: str
    country: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class Candidate:
    contact: Contact
    score: float
    reasons: tuple[str, ...]


def by_identifiers(
    identifiers: list[StrongIdentifier], *, organisation_id: int, other: bool = False
) -> list[Contact]:
    """Current contacts holding any of `identifiers`: in the register of `organisation_id`, or
    with `other`, in every other register."""
    if not identifiers:
        return []
    rows = Identifier.objects.filter(
        fingerprint__in=[i.fingerprint for i in identifiers], contact__merged_into__isnull=True
    )
    rows = (
        rows.exclude(organisation_id=organisation_id)
        if other
        else rows.filter(organisation_id=organisation_id)
    )
    ids = sorted(set(rows.values_list("contact_id", flat=True)))
    return list(Contact.objects.filter(pk__in=ids).order_by("pk"))


def by_name(
    facts: Facts, *, organisation_id: int, other: bool = False, exclude: int | None = None
) -> list[Candidate]:
    """Contacts whose score against `facts` reaches SUGGEST_AT, best first."""
    name = parsed(facts.name, facts.kind)
    if not name.tokens:
        return []
    aliases = _aliases_sharing_a_key(name, organisation_id=organisation_id, other=other)
    best: dict[int, float] = {}
    for contact_id, alias_name in aliases:
        if contact_id != exclude:
            points = score(name, parsed(alias_name, facts.kind), strict_endings=True)
            best[contact_id] = max(points, best.get(contact_id, 0.0))
    # Affiliation and country raise a name's score by SAME_AFFILIATION at most: a contact whose
    # names score less than that below the threshold cannot reach it, and is not read.
    within_reach = {pk: points for pk, points in best.items() if points >= REACH}
    contacts = Contact.objects.filter(pk__in=within_reach, kind=facts.kind).select_related(
        "affiliation"
    )
    affiliation = parsed(facts.affiliation, ContactKind.ORGANISATION) if facts.affiliation else None
    found = [
        _adjusted(contact, within_reach[contact.pk], facts, affiliation) for contact in contacts
    ]
    return sorted(
        (c for c in found if c.score >= SUGGEST_AT), key=lambda c: (-c.score, c.contact.pk)
    )


def _aliases_sharing_a_key(
    name: Name, *, organisation_id: int, other: bool
) -> list[tuple[int, str]]:
    keys = key_fingerprints(name)
    if other:
        rows = Alias.objects.filter(keys__key__in=keys, contact__merged_into__isnull=True)
        rows = rows.exclude(contact__organisation_id=organisation_id)
    else:
        # A key's organisation is its contact's (merges and splits stay in one register): the
        # (key, organisation) index finds the register's own rows without reading the others'.
        rows = Alias.objects.filter(
            keys__key__in=keys,
            keys__organisation_id=organisation_id,
            contact__merged_into__isnull=True,
        )
    return list(rows.distinct().values_list("contact_id", "name")[:MAX_CANDIDATES])


def _adjusted(contact: Contact, points: float, facts: Facts, affiliation: Name | None) -> Candidate:
    reasons = ["name"]
    if facts.country and contact.country and facts.country.upper() != contact.country:
        points += OTHER_COUNTRY
        reasons.append("other_country")
    theirs = contact.affiliation.name if contact.affiliation else ""
    if affiliation is not None and theirs:
        if affiliations_alike(affiliation, parsed(theirs, ContactKind.ORGANISATION)):
            points += SAME_AFFILIATION
            reasons.append("same_affiliation")
        else:
            points += OTHER_AFFILIATION
            reasons.append("other_affiliation")
    return Candidate(contact=contact, score=min(points, 100.0), reasons=tuple(reasons))


def affiliations_alike(a: Name, b: Name) -> bool:
    """Whether two affiliations name one organisation: alike as a whole and, where both have
    words besides the generic ones (those blocking leaves out too), alike in those: "Harbin
    Academy of Sciences" and "Haifa Academy of Sciences" are not."""
    if score(a, b) < AFFILIATION_ALIKE:
        return False
    own_a = tuple(token for token in a.tokens if token not in GENERIC_WORDS)
    own_b = tuple(token for token in b.tokens if token not in GENERIC_WORDS)
    if not own_a or not own_b:
        return True
    return score(Name(own_a, a.kind), Name(own_b, b.kind)) >= AFFILIATION_ALIKE
