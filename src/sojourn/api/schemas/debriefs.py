"""The debrief as the API reads and writes it: a summary, materials, the meetings held and the
incidents. Shown to everyone who may see the trip's debrief (the traveller, the organisation's
officers, oversight and the auditor)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from sojourn.api.schemas.people import PersonName
from sojourn.api.schemas.trip_fields import Flag, Forbidding, IsoDate, Number
from sojourn.debriefs.models import Debrief as DebriefModel
from sojourn.debriefs.models import DebriefMeeting as DebriefMeetingModel
from sojourn.debriefs.models import Incident
from sojourn.debriefs.services import IncidentInput, MeetingHeld

COUNTRY = "ISO 3166-1 alpha-2 country code, such as FR or JP. Optional."
IncidentKindName = Literal[
    "device_inspection", "questioning", "approach", "gift", "detention", "harassment", "other"
]
DebriefStatusName = Literal["draft", "submitted", "info_requested", "accepted"]
TEXT_LIMIT = 20000
MAX_ROWS = 50


class DebriefMeetingIn(Forbidding):
    counterpart: str = Field(max_length=200, description="The person met.")
    organisation: str = Field("", max_length=200)
    country: str = Field("", max_length=2, description=COUNTRY)
    topics: str = Field("", max_length=5000)
    sensitive_topics: Flag = Field(False, description="Sensitive subjects came up.")
    future_contact_requested: Flag = False

    def to_input(self) -> MeetingHeld:
        return MeetingHeld(
            counterpart=self.counterpart,
            organisation=self.organisation,
            country=self.country,
            topics=self.topics,
            sensitive_topics=self.sensitive_topics,
            future_contact_requested=self.future_contact_requested,
        )


class DebriefIncidentIn(Forbidding):
    kind: IncidentKindName
    description: str = Field(max_length=5000, description="What happened.")
    occurred_on: IsoDate | None = None
    country: str = Field("", max_length=2, description=COUNTRY)

    def to_input(self) -> IncidentInput:
        return IncidentInput(
            kind=self.kind,
            description=self.description,
            occurred_on=self.occurred_on,
            country=self.country,
        )


class DebriefIn(Forbidding):
    """The whole draft: what is sent replaces what was saved (rows included)."""

    summary: str = Field("", max_length=TEXT_LIMIT, description="What you did on the trip.")
    materials: str = Field(
        "", max_length=TEXT_LIMIT, description="Papers, slides, devices given or received."
    )
    no_meetings: Flag = Field(
        False,
        description="Say explicitly that no meeting was held; a detailed debrief needs this "
        "or at least one meeting before it can be submitted.",
    )
    meetings: list[DebriefMeetingIn] = Field(default_factory=list, max_length=MAX_ROWS)
    incidents: list[DebriefIncidentIn] = Field(default_factory=list, max_length=MAX_ROWS)


class DebriefReviewIn(Forbidding):
    decision: Literal["accept", "request_info"] = Field(
        description="`accept` closes the trip; `request_info` sends the debrief back."
    )
    comment: str = Field(
        "", max_length=4000, description="Required with `request_info`: what is missing."
    )
    version: Number = Field(ge=1, description="The version of the trip the client read.")


class DebriefMeeting(Schema):
    counterpart: str
    organisation: str
    country: str
    topics: str
    sensitive_topics: bool
    future_contact_requested: bool

    @classmethod
    def of(cls, meeting: DebriefMeetingModel) -> DebriefMeeting:
        return cls(
            counterpart=meeting.counterpart,
            organisation=meeting.organisation,
            country=meeting.country,
            topics=meeting.topics,
            sensitive_topics=meeting.sensitive_topics,
            future_contact_requested=meeting.future_contact_requested,
        )


class DebriefIncident(Schema):
    kind: IncidentKindName
    description: str
    occurred_on: datetime.date | None
    country: str

    @classmethod
    def of(cls, incident: Incident) -> DebriefIncident:
        return cls(
            kind=incident.kind,  # type: ignore[arg-type]
            description=incident.description,
            occurred_on=incident.occurred_on,
            country=incident.country,
        )


class Debrief(Schema):
    id: int
    trip_id: int
    status: DebriefStatusName
    summary: str
    materials: str
    no_meetings: bool
    meetings: list[DebriefMeeting]
    incidents: list[DebriefIncident]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None
    reviewed_by: PersonName | None
    reviewed_at: datetime.datetime | None
    review_comment: str
    anonymised_at: datetime.datetime | None = Field(
        description="When retention removed the debrief's texts (its summary, materials, "
        "meetings and incidents are empty since); null while they are kept."
    )
    archived_at: datetime.datetime | None = Field(
        description="When retention archived the debrief: kept whole, sealed, out of the lists; "
        "null while it is not archived."
    )

    @classmethod
    def of(cls, debrief: DebriefModel) -> Debrief:
        """Reads the debrief's rows (prefetch them) and its reviewer (select it)."""
        return cls(
            id=debrief.pk,
            trip_id=debrief.trip_id,
            status=debrief.status,  # type: ignore[arg-type]
            summary=debrief.summary,
            materials=debrief.materials,
            no_meetings=debrief.no_meetings,
            meetings=[DebriefMeeting.of(row) for row in debrief.meetings.all()],
            incidents=[DebriefIncident.of(row) for row in debrief.incidents.all()],
            created_at=debrief.created_at,
            updated_at=debrief.updated_at,
            submitted_at=debrief.submitted_at,
            reviewed_by=PersonName.maybe(debrief.reviewed_by),
            reviewed_at=debrief.reviewed_at,
            review_comment=debrief.review_comment,
            anonymised_at=debrief.anonymised_at,
            archived_at=debrief.archived_at,
        )
