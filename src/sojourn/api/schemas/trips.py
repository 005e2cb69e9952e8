"""Trips as the API answers them: the detail, the list's summary, and their parts.

The bodies a client sends are in `trip_inputs`, the list's query in `trip_filters`. Names are
prefixed (`Trip…`) because the OpenAPI description holds one namespace of schema names for the
whole API.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, ClassVar, Literal

from ninja import Field, Schema

from sojourn.api.schemas.care import CheckIn, Deviation
from sojourn.api.schemas.debriefs import Debrief
from sojourn.api.schemas.output import Built
from sojourn.api.schemas.people import Organisation, PersonName
from sojourn.trips import wording
from sojourn.trips.models import Leg as LegModel
from sojourn.trips.models import PlannedMeeting, Purpose
from sojourn.trips.models import Review as ReviewModel
from sojourn.trips.models import Trip as TripModel

StatusName = Literal[
    "draft",
    "submitted",
    "approved",
    "denied",
    "withdrawn",
    "cancelled",
    "in_progress",
    "returned",
    "debriefed",
    "closed",
]
RouteName = Literal["not_required", "auto_approve", "review", "deny"]
ReviewDecisionName = Literal["pending", "approve", "deny", "request_changes"]


class AssessmentKind(StrEnum):
    """Whether a trip's `assessment` is a draft's live one or the one stored at submission."""

    LIVE = "live"
    SUBMITTED = "submitted"


class Leg(Schema):
    country: str
    city: str
    starts_on: datetime.date
    ends_on: datetime.date
    transit: bool

    @classmethod
    def of(cls, leg: LegModel) -> Leg:
        return cls(
            country=leg.country,
            city=leg.city,
            starts_on=leg.starts_on,
            ends_on=leg.ends_on,
            transit=leg.transit,
        )


class Meeting(Schema):
    counterpart: str
    organisation: str
    country: str
    topics: str
    date: datetime.date | None

    @classmethod
    def of(cls, meeting: PlannedMeeting) -> Meeting:
        return cls(
            counterpart=meeting.counterpart,
            organisation=meeting.organisation,
            country=meeting.country,
            topics=meeting.topics,
            date=meeting.date,
        )


class Finding(Schema):
    code: str = Field(description="What was found, e.g. `late_report`; stable across languages.")
    params: dict[str, Any] = Field(
        description="The values the message is made of (dates as ISO dates, countries as codes, "
        "legs as `{country, city, starts_on, ends_on, transit}`), so a client can word it itself."
    )
    severity: Literal["blocker", "warning", "info"]
    message: str = Field(description="The finding in words, in the `Accept-Language` asked for.")
    rule: str = Field(description="The policy rule the finding comes from.")


class RiskFactor(Schema):
    code: str = Field(description="e.g. `tier`, `transit_legs`, `days_abroad`.")
    params: dict[str, Any]
    points: int = Field(description="What the factor adds to the score.")
    message: str = Field(description="The factor in words, in the `Accept-Language` asked for.")


class Risk(Schema):
    score: int = Field(ge=0, le=100)
    factors: list[RiskFactor]


class Assessment(Schema):
    """What the policy asks of the trip, and why: every finding names its rule."""

    policy: str = Field(description="The policy pack and version, e.g. `seed-sensitive-tech@1`.")
    covered: bool
    tier: str | None
    tier_label: str | None = Field(
        description="The tier as people call it, in the caller's language."
    )
    route: RouteName
    approvals: list[str] = Field(description="The approval steps, in order.")
    report_by: datetime.date | None
    debrief_due: datetime.date | None
    checkin_hours: int | None
    briefing_required: bool
    debrief_depth: str | None
    debrief_contacts_required: bool
    necessity_required: bool = Field(
        description="The trip needs `necessity` and `alternatives` before it can be approved."
    )
    device_guidance: str | None = Field(description="In the caller's language.")
    briefing_text: str | None = Field(description="In the caller's language.")
    findings: list[Finding]
    risk: Risk

    @classmethod
    def of(cls, stored: Mapping[str, Any]) -> Assessment:
        """From a stored snapshot; keys added since it was stored take their defaults."""
        return cls.model_validate(wording.shown(stored))


class Review(Schema):
    step: str = Field(description="The approval step; `system` for an automatic outcome.")
    round: int
    decision: ReviewDecisionName
    by: PersonName | None
    at: datetime.datetime | None
    comment: str
    conditions: str

    @classmethod
    def of(cls, review: ReviewModel) -> Review:
        return cls(
            step=review.step,
            round=review.round,
            decision=review.decision,  # type: ignore[arg-type]
            by=PersonName.maybe(review.reviewer),
            at=review.decided_at,
            # The comment the policy writes on an automatic outcome, in the caller's language.
            comment=wording.review_comment(review.step, review.comment),
            conditions=review.conditions,
        )


class TripSummary(Built):
    """A trip in a list: enough to sort and pick; `GET /trips/{id}` has the rest."""

    id: int
    version: int
    status: StatusName
    title: str
    traveller: PersonName
    organisation: Organisation
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    countries: list[str] = Field(description="The legs' countries, in itinerary order.")
    tier: str = Field(description="The assessed tier's code, e.g. `restricted`; empty for a draft.")
    tier_label: str = Field(
        description="The tier as people call it, in the caller's language; empty with `tier`."
    )
    route: str
    risk_score: int | None
    needs_reapproval: bool
    report_by: datetime.date | None
    debrief_due: datetime.date | None

    # What `row` reads of a trip: `Trip.objects.values(*TripSummary.COLUMNS)`.
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "id",
        "version",
        "status",
        "title",
        "traveller_id",
        "traveller__username",
        "traveller__first_name",
        "traveller__last_name",
        "organisation__slug",
        "organisation__name",
        "starts_on",
        "ends_on",
        "tier",
        "assessment__tier_label",
        "route",
        "risk_score",
        "needs_reapproval",
        "report_by",
        "debrief_due",
    )

    @staticmethod
    def row(trip: Mapping[str, Any], countries: list[str], language: str) -> dict[str, Any]:
        """A summary's fields from a trip's row of `COLUMNS` and its legs' countries, labels in
        `language` (no model object is made)."""
        username = trip["traveller__username"]
        # The traveller's name as `display_name` gives it: the full name, else the username.
        full_name = f"{trip['traveller__first_name']} {trip['traveller__last_name']}".strip()
        return {
            "id": trip["id"],
            "version": trip["version"],
            "status": trip["status"],
            "title": trip["title"],
            "traveller": {
                "id": trip["traveller_id"],
                "username": username,
                "name": full_name or username,
            },
            "organisation": {
                "slug": trip["organisation__slug"],
                "name": trip["organisation__name"],
            },
            "starts_on": trip["starts_on"],
            "ends_on": trip["ends_on"],
            "countries": countries,
            "tier": trip["tier"],
            "tier_label": (
                wording.tier_label(trip["tier"], trip["assessment__tier_label"], language=language)
                if trip["tier"]
                else ""
            ),
            "route": trip["route"],
            "risk_score": trip["risk_score"],
            "needs_reapproval": trip["needs_reapproval"],
            "report_by": trip["report_by"],
            "debrief_due": trip["debrief_due"],
        }


class Trip(Schema):
    id: int
    version: int = Field(description="Send it back with every change; a stale one is a 409.")
    status: StatusName
    needs_reapproval: bool
    traveller: PersonName
    organisation: Organisation
    invitation_id: int | None = Field(description="The invitation the trip answers, if any.")
    title: str
    purpose: Purpose
    necessity: str
    alternatives: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    report_by: datetime.date | None
    late_report: bool
    debrief_due: datetime.date | None
    legs: list[Leg]
    meetings: list[Meeting]
    assessment: Assessment | None = Field(
        description="The snapshot taken at submission; for a draft, the live assessment of the "
        "draft as if submitted now (null while it has no legs)."
    )
    assessment_kind: AssessmentKind | None
    reviews: list[Review]
    checkins: list[CheckIn] = Field(
        description="The latest check-ins, newest first (at most 50; "
        "`GET /trips/{id}/checkins` pages through all). Where they were (country, city, note) "
        "is shown only to the traveller, the organisation's officers and oversight."
    )
    deviations: list[Deviation]
    debrief: Debrief | None
    cancel_reason: str
    briefing_acknowledged_at: datetime.datetime | None
    checkin_due_at: datetime.datetime | None
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None

    @classmethod
    def of(
        cls,
        trip: TripModel,
        *,
        assessment: Mapping[str, Any] | None,
        live: bool,
        reviews: Iterable[ReviewModel],
        checkins: list[CheckIn],
        deviations: list[Deviation],
        debrief: Debrief | None,
    ) -> Trip:
        return cls(
            id=trip.pk,
            version=trip.version,
            status=trip.status,  # type: ignore[arg-type]
            needs_reapproval=trip.needs_reapproval,
            traveller=PersonName.of(trip.traveller),
            organisation=Organisation.of(trip.organisation),
            invitation_id=trip.invitation_id,
            title=trip.title,
            purpose=trip.purpose,  # type: ignore[arg-type]
            necessity=trip.necessity,
            alternatives=trip.alternatives,
            starts_on=trip.starts_on,
            ends_on=trip.ends_on,
            report_by=trip.report_by,
            late_report=trip.late_report,
            debrief_due=trip.debrief_due,
            legs=[Leg.of(leg) for leg in trip.legs.all()],
            meetings=[Meeting.of(meeting) for meeting in trip.meetings.all()],
            assessment=None if assessment is None else Assessment.of(assessment),
            assessment_kind=None
            if assessment is None
            else (AssessmentKind.LIVE if live else AssessmentKind.SUBMITTED),
            reviews=[Review.of(review) for review in reviews],
            checkins=checkins,
            deviations=deviations,
            debrief=debrief,
            cancel_reason=trip.cancel_reason,
            briefing_acknowledged_at=trip.briefing_acknowledged_at,
            checkin_due_at=trip.checkin_due_at,
            created_at=trip.created_at,
            submitted_at=trip.submitted_at,
        )
