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
from sojourn.policy import Funding as FundingFacts
from sojourn.trips.invitations import InvitationInput
from sojourn.trips.models import Invitation as InvitationModel

PaidByName = Literal["host", "employer", "third_party", "self"]
DecisionName = Literal["pending", "declined", "accepted"]
FundedItemName = Literal["travel", "lodging", "honorarium", "gift", "other"]
PayerName = Literal["employer", "host", "third_party", "self", "nobody"]
PAYER_COUNTRY = (
    "ISO 3166-1 alpha-2 code of the payer's country, such as FR: required when the host or a "
    "third party pays, empty otherwise."
)


class FundingIn(Forbidding):
    """Who pays for one item of the invitation."""

    item: FundedItemName = Field(description="What is paid for; each item at most once.")
    paid_by: PayerName = Field(
        description="`employer`: the traveller's organisation; `host`; `third_party` (named in "
        "`payer_name`); `self`: the traveller; `nobody`: nothing of the kind is offered."
    )
    payer_name: str = Field(
        "",
        max_length=200,
        description="The host or third party that pays; for the host, its name if empty.",
    )
    payer_country: str = Field("", max_length=2, description=PAYER_COUNTRY)
    value: str = Field(
        "",
        max_length=200,
        description="An honorarium's or a gift's amount or description, such as EUR 1,500.",
    )

    def to_input(self) -> FundingFacts:
        return FundingFacts(
            item=self.item,
            paid_by=self.paid_by,
            payer_name=self.payer_name,
            payer_country=self.payer_country,
            value=self.value,
        )


class Funding(Schema):
    """Who pays for one item, as the invitation records it."""

    item: FundedItemName
    paid_by: PayerName
    payer_name: str = Field(description="The host or third party that pays; empty otherwise.")
    payer_country: str = Field(description="The payer's country; empty unless host or third party.")
    value: str = Field(description="An honorarium's or a gift's amount or description.")


class InvitationIn(Forbidding):
    """An invitation received: recorded, pre-assessed, and decided before anyone replies."""

    event: str = Field(min_length=1, max_length=200)
    host_organisation: str = Field(min_length=1, max_length=200)
    inviter_name: str = Field("", max_length=200, description="The person who invited.")
    inviter_organisation: str = Field(
        "", max_length=200, description="The organisation the inviter acts for, if not the host."
    )
    country: str = Field(
        min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code, such as FR."
    )
    city: str = Field("", max_length=120)
    starts_on: IsoDate
    ends_on: IsoDate
    paid_by: PaidByName = Field(description="Who pays for the travel and stay.")
    funding: list[FundingIn] = Field(
        default_factory=list,
        max_length=5,
        description="Who pays for what (travel, lodging, honorarium, gift, other); an item left "
        "out is not stated.",
    )
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
            inviter_name=self.inviter_name,
            inviter_organisation=self.inviter_organisation,
            funding=tuple(row.to_input() for row in self.funding),
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
    inviter_name: str
    inviter_organisation: str
    country: str
    city: str
    starts_on: datetime.date
    ends_on: datetime.date
    paid_by: PaidByName
    funding: list[Funding] = Field(description="Who pays for what, in the order of the items.")
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
            inviter_name=invitation.inviter_name,
            inviter_organisation=invitation.inviter_organisation,
            country=invitation.country,
            city=invitation.city,
            starts_on=invitation.starts_on,
            ends_on=invitation.ends_on,
            paid_by=invitation.paid_by,  # type: ignore[arg-type]
            funding=[Funding(**row) for row in invitation.funding],
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
