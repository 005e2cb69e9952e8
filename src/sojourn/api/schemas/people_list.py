"""People as the officers' and oversight's lists show them, and one person's compliance record."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from sojourn.api.pagination import PageQuery
from sojourn.api.schemas.people import Organisation
from sojourn.care.compliance import Compliance
from sojourn.people.access import display_name
from sojourn.people.models import Person as PersonModel

RoleName = Literal["traveller", "officer", "oversight", "auditor", "admin"]
PositionName = Literal["executive", "founder", "researcher", "staff"]


class PersonFilters(PageQuery):
    role: RoleName | None = Field(None, description="Only people of this role.")
    organisation: str | None = Field(None, max_length=60, description="An organisation's slug.")
    q: str | None = Field(
        None, max_length=150, description="Words each found in the name or the username."
    )


class PersonSummary(Schema):
    id: int = Field(description="The user id (what `traveller_id` and `person_id` name).")
    username: str
    name: str
    role: RoleName
    position: PositionName
    sectors: list[str]
    language: str
    organisation: Organisation

    @classmethod
    def of(cls, person: PersonModel) -> PersonSummary:
        """Reads `user` and `organisation` (select them)."""
        organisation = person.organisation
        return cls(
            id=person.user_id,
            username=person.user.get_username(),
            name=display_name(person.user),
            role=person.role,  # type: ignore[arg-type]
            position=person.position,  # type: ignore[arg-type]
            sectors=list(person.sectors or []),
            language=person.language,
            organisation=Organisation.of(organisation),
        )


class PersonCompliance(Schema):
    """Counted over the trips (drafts left out), escalations and invitations the caller sees."""

    trips: int
    late_reports: int = Field(description="Trips reported after their report-by date.")
    debriefs_late: int = Field(description="Debriefs filed after their deadline.")
    debriefs_overdue: int = Field(description="Trips back home whose debrief is past due.")
    missed_checkins: int
    unreachable: int = Field(description="Times the traveller could not be reached.")
    invitations_accepted: int
    invitations_declined: int
    invitations_pending: int

    @classmethod
    def of(cls, record: Compliance) -> PersonCompliance:
        return cls(**record.__dict__)


class Person(PersonSummary):
    as_of: datetime.date = Field(description="The day overdue debriefs are counted against.")
    compliance: PersonCompliance
