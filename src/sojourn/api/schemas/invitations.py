"""Invitations as the API shows them, and what a client may send about one."""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from sojourn.api.pagination import PageQuery
from sojourn.api.schemas.people import Organisation, PersonName
from sojourn.api.schemas.trip_fields import Forbidding, IsoDate
from sojourn.api.schemas.trips import Assessment
from sojourn.trips.invitations import InvitationInput
from sojourn.trips.models import Invitation as InvitationModel

PaidByName = Literal["host", "employer", "third_party", "self"]
DecisionName = Literal["pending", "declined", "accepted"]


class InvitationIn(Forbidding):
    """An invitation received: recorded, pre-assessed, and decided before anyone replies."""

    event: str = Field(min_length=1, max_length=200)
    host_organisation: str = Field(min_length=1, max_length=200)
    country: str = Field(
        min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code, such as FR."
    )
    city: str = Field("", max_length=120)
    starts_on: IsoDate
    ends_on: IsoDate
    paid_by: PaidByName = Field(description="Who pays for the travel and stay.")
    received_on: IsoDate | None = Field(
        None, description="When the invitation arrived; absent: today."
    )
    notes: str = Field("", max_length=10_000)

    @field_validator("host_organisation")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("Name the organisation that invites you."))
        return value

    def to_input(self, today: datetime.date) -> InvitationInput:
        return InvitationInput(
            event=self.event,
            host_organisation=self.host_organisation,
            country=self.country,
            city=self.city,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            paid_by=self.paid_by,
            received_on=self.received_on or today,
            notes=self.notes,
        )


class InvitationDecisionIn(Forbidding):
    decision: Literal["decline", "accept"]
    reason: str = Field(
        "", max_length=2000, description="Why: required to decline, optional to accept."
    )


class InvitationFilters(PageQuery):
    decision: DecisionName | None = Field(None, description="Only invitations decided so.")


class Invitation(Schema):
    id: int
    invitee: PersonName
    organisation: Organisation
    event: str
    host_organisation: str
    country: str
    city: str
    starts_on: datetime.date
    ends_on: datetime.date
    paid_by: PaidByName
    received_on: datetime.date
    notes: str
    pre_assessment: Assessment | None = Field(
        description="The invitation assessed as a trip reported the day it was recorded."
    )
    decision: DecisionName
    decision_reason: str
    decided_at: datetime.datetime | None
    created_at: datetime.datetime
    trip_ids: list[int] = Field(description="The ids of the trips that answer this invitation.")

    @classmethod
    def of(cls, invitation: InvitationModel) -> Invitation:
        """Reads `invitee`, `organisation` and the prefetched `trips` the caller may see."""
        organisation = invitation.organisation
        return cls(
            id=invitation.pk,
            invitee=PersonName.of(invitation.invitee),
            organisation=Organisation.of(organisation),
            event=invitation.event,
            host_organisation=invitation.host_organisation,
            country=invitation.country,
            city=invitation.city,
            starts_on=invitation.starts_on,
            ends_on=invitation.ends_on,
            paid_by=invitation.paid_by,  # type: ignore[arg-type]
            received_on=invitation.received_on,
            notes=invitation.notes,
            pre_assessment=(
                Assessment.of(invitation.pre_assessment) if invitation.pre_assessment else None
            ),
            decision=invitation.decision,  # type: ignore[arg-type]
            decision_reason=invitation.decision_reason,
            decided_at=invitation.decided_at,
            created_at=invitation.created_at,
            trip_ids=[trip.pk for trip in invitation.trips.all()],
        )


class InvitationDecisionResult(Schema):
    invitation: Invitation
    trip_id: int | None = Field(
        description="On accept: the draft trip opened from the invitation, to complete and submit."
    )
