"""The contact register as the API shows it: contacts with their names, strong identifiers,
sightings and screening hits, the list's filters, and the suggestions officers decide (names
from docs/glossary.md)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field

from sojourn.api.pagination import PageQuery
from sojourn.api.schemas.output import Built
from sojourn.api.schemas.people import Organisation, PersonName
from sojourn.api.schemas.screening import ScreeningHit
from sojourn.api.schemas.trip_fields import MAX_ID, Forbidding, QueryFlag
from sojourn.contacts.models import Alias as AliasModel
from sojourn.contacts.models import Contact as ContactModel
from sojourn.contacts.models import Identifier as IdentifierModel
from sojourn.contacts.models import Sighting as SightingModel
from sojourn.contacts.models import Suggestion as SuggestionModel
from sojourn.contacts.register import name_kind
from sojourn.names import normalise

ContactKindName = Literal["person", "organisation"]
SightingSourceName = Literal[
    "planned_meeting",
    "debrief_meeting",
    "invitation_host",
    "invitation_inviter",
    "incident",
    "contact_report",
]


class Alias(Built):
    """A name of the contact, in any script, with its matching form."""

    name: str = Field(examples=["张伟"])
    normalised: str = Field(
        description="Lower case, no titles or punctuation, Han in pinyin, other scripts in "
        "Latin letters.",
        examples=["zhang wei"],
    )

    @classmethod
    def of(cls, alias: AliasModel, kind: str) -> Alias:
        return cls(name=alias.name, normalised=normalise(alias.name, name_kind(kind)))


class StrongIdentifier(Built):
    """What names one contact for certain; the same value is the same contact."""

    kind: Literal["email", "phone", "handle"]
    value: str = Field(
        description="Normalised: an e-mail in lower case, a phone in E.164, a handle as "
        "`platform:name`.",
        examples=["+8613800138000"],
    )

    @classmethod
    def of(cls, identifier: IdentifierModel) -> StrongIdentifier:
        return cls(kind=identifier.kind, value=identifier.value)  # type: ignore[arg-type]


class Sighting(Built):
    """One place the contact appears, as its reporter gave it."""

    id: int
    source: SightingSourceName
    occurred_on: datetime.date
    reporter: PersonName
    trip_id: int | None
    invitation_id: int | None
    contact_report_id: int | None
    name: str = Field(description="The name as the reporter gave it.", examples=["Dr. W. Zhang"])
    details: str = Field(description="What was said about it (empty once retention removed it).")

    @classmethod
    def of(cls, sighting: SightingModel) -> Sighting:
        """Reads `reporter` (select it)."""
        return cls(
            id=sighting.pk,
            source=sighting.source,  # type: ignore[arg-type]  # SightingSource's values
            occurred_on=sighting.occurred_on,
            reporter=PersonName.of(sighting.reporter),
            trip_id=sighting.trip_id,
            invitation_id=sighting.invitation_id,
            contact_report_id=sighting.contact_report_id,
            name=sighting.name,
            details=sighting.details,
        )


class ContactSummary(Built):
    """A contact as a list shows it."""

    id: int
    kind: ContactKindName
    name: str = Field(description="The primary name.", examples=["Zhang Wei"])
    country: str = Field(description="ISO 3166-1 alpha-2; empty if unknown.", examples=["CN"])
    organisation: Organisation = Field(description="Whose register holds the contact.")
    affiliation_id: int | None = Field(description="The organisation contact it belongs to.")
    cluster_id: int | None = Field(
        description="The cross-organisation cluster it is part of, if any."
    )
    merged_into_id: int | None = Field(description="The contact it was merged into, if any.")
    flagged: bool | None = Field(
        description="Whether a screening hit no officer dismissed holds for it; null for a "
        "traveller, who does not see screening."
    )
    created_at: datetime.datetime

    @classmethod
    def of(cls, contact: ContactModel, flagged: bool | None) -> ContactSummary:
        """Reads `organisation` (select it)."""
        return cls.model_validate(_summary(contact, flagged))


def _summary(contact: ContactModel, flagged: bool | None) -> dict[str, object]:
    return {
        "id": contact.pk,
        "kind": contact.kind,
        "name": contact.name,
        "country": contact.country,
        "organisation": Organisation.of(contact.organisation),
        "affiliation_id": contact.affiliation_id,
        "cluster_id": contact.cluster_id,
        "merged_into_id": contact.merged_into_id,
        "flagged": flagged,
        "created_at": contact.created_at,
    }


class Contact(ContactSummary):
    """A contact with its names, identifiers, sightings and hits. A traveller reads only the
    sightings they reported, and neither the register's notes nor its screening hits."""

    aliases: list[Alias]
    identifiers: list[StrongIdentifier]
    notes: str | None = Field(description="The register's notes; null for a traveller.")
    sightings: list[Sighting] = Field(description="The latest first.")
    hits: list[ScreeningHit] = Field(description="Screening hits of the contact's names.")

    @classmethod
    def build(
        cls,
        contact: ContactModel,
        *,
        flagged: bool | None,
        notes: str | None,
        sightings: list[Sighting],
        hits: list[ScreeningHit],
    ) -> Contact:
        """Reads `organisation`, `aliases` and `identifiers` (select and prefetch them)."""
        return cls.model_validate(
            {
                **_summary(contact, flagged),
                "aliases": [Alias.of(alias, contact.kind) for alias in contact.aliases.all()],
                "identifiers": [StrongIdentifier.of(i) for i in contact.identifiers.all()],
                "notes": notes,
                "sightings": sightings,
                "hits": hits,
            }
        )


class ContactFilters(PageQuery):
    kind: ContactKindName | None = Field(None, description="Only people, or organisations.")
    country: str | None = Field(
        None, min_length=2, max_length=2, description="ISO 3166-1 alpha-2, such as CN."
    )
    organisation: str | None = Field(
        None, max_length=200, description="Only this organisation's register (its slug)."
    )
    cluster_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only the contacts of this cluster."
    )
    flagged: QueryFlag | None = Field(
        None,
        description="`true`: only the flagged contacts; `false`: only the others. Not for "
        "travellers (422).",
    )
    merged: QueryFlag = Field(
        False, description="`true`: the contacts merged into another instead of the current."
    )


class Suggestion(Built):
    """Two contacts whose match score passed the threshold, for an officer to decide (oversight
    when they are of two registers: `organisation` is then null)."""

    id: int
    contact_id: int
    candidate_id: int
    organisation: Organisation | None = Field(
        description="Whose officers decide; null for two registers' contacts, which oversight "
        "decides."
    )
    score: float = Field(description="The match score, 0-100.", examples=[92.0])
    reasons: list[str] = Field(
        description="What the score rests on: `name`, `same_affiliation`, `other_affiliation`, "
        "`other_country`.",
        examples=[["name", "same_affiliation"]],
    )
    status: Literal["open", "confirmed", "rejected"]
    decided_by: PersonName | None
    decided_at: datetime.datetime | None
    created_at: datetime.datetime

    @classmethod
    def of(cls, suggestion: SuggestionModel) -> Suggestion:
        """Reads `organisation` and `decided_by` (select them)."""
        organisation = suggestion.organisation
        return cls(
            id=suggestion.pk,
            contact_id=suggestion.contact_id,
            candidate_id=suggestion.candidate_id,
            organisation=None if organisation is None else Organisation.of(organisation),
            score=suggestion.score,
            reasons=list(suggestion.reasons),
            status=suggestion.status,  # type: ignore[arg-type]  # SuggestionStatus's values
            decided_by=PersonName.maybe(suggestion.decided_by),
            decided_at=suggestion.decided_at,
            created_at=suggestion.created_at,
        )


class SuggestionFilters(PageQuery):
    status: Literal["open", "confirmed", "rejected"] | None = Field(
        None, description="Only the suggestions in this state."
    )
    contact_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only the suggestions naming this contact."
    )


class SuggestionDecisionIn(Forbidding):
    """`confirm`: the two are one (merged within a register, clustered across registers);
    `reject`: they are two, and the pair is never suggested again."""

    decision: Literal["confirm", "reject"] = Field(examples=["confirm"])
