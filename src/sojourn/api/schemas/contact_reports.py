"""Contact reports as the API shows them, the list's filters, and the body that files one (names
from docs/glossary.md)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field

from sojourn.api.pagination import PageQuery
from sojourn.api.schemas.output import Built
from sojourn.api.schemas.people import Organisation, PersonName
from sojourn.api.schemas.trip_fields import MAX_ID, Forbidding, IsoDate, QueryFlag
from sojourn.api.schemas.trips import Finding
from sojourn.contacts.models import ContactReport as ContactReportModel
from sojourn.contacts.reports import ContactReportInput
from sojourn.trips.wording import finding_message

CategoryName = Literal[
    "stay_in_touch",
    "personal_details",
    "unusual_interest",
    "offer",
    "carry_request",
    "questioned",
    "suspicious",
    "online_approach",
]
ChannelName = Literal["in_person", "email", "phone", "messaging", "social_media", "other"]
CATEGORIES = (
    "`stay_in_touch` (asked to stay in touch), `personal_details` (exchanged personal details), "
    "`unusual_interest` (in my work or colleagues), `offer` (money, a job, a talent-programme "
    "place, a gift or paid travel), `carry_request` (asked me to carry something), "
    "`questioned` (questioned, pressed or threatened), `suspicious` (suspicious "
    "circumstances), `online_approach` (approached online)."
)


class ContactReportSummary(Built):
    """A contact report as a list shows it (its texts only in the report itself)."""

    id: int
    traveller: PersonName
    organisation: Organisation
    category: CategoryName
    channel: ChannelName
    occurred_on: datetime.date
    country: str
    counterpart: str
    reported_on: datetime.date
    report_by: datetime.date | None = Field(
        description="The last day to report it under the pack; null if it need not be."
    )
    late_report: bool
    contact_id: int | None = Field(description="The contact of the register it was matched to.")

    @classmethod
    def of(cls, report: ContactReportModel) -> ContactReportSummary:
        """Reads `traveller` and `organisation` (select them)."""
        return cls.model_validate(_summary(report))


def _summary(report: ContactReportModel) -> dict[str, object]:
    return {
        "id": report.pk,
        "traveller": PersonName.of(report.traveller),
        "organisation": Organisation.of(report.organisation),
        "category": report.category,
        "channel": report.channel,
        "occurred_on": report.occurred_on,
        "country": report.country,
        "counterpart": report.counterpart,
        "reported_on": report.reported_on,
        "report_by": report.report_by,
        "late_report": report.late_report,
        "contact_id": report.contact_id,
    }


class ContactReport(ContactReportSummary):
    """The whole report; reading another person's is audited."""

    city: str
    affiliation: str
    email: str
    phone: str
    handle: str
    narrative: str = Field(description="What happened; empty once retention anonymised it.")
    findings: list[Finding] = Field(description="A `late_contact_report` when it came late.")
    anonymised_at: datetime.datetime | None
    created_at: datetime.datetime

    @classmethod
    def of(cls, report: ContactReportModel) -> ContactReport:
        """Reads `traveller` and `organisation` (select them)."""
        return cls.model_validate(
            {
                **_summary(report),
                "city": report.city,
                "affiliation": report.affiliation,
                "email": report.email,
                "phone": report.phone,
                "handle": report.handle,
                "narrative": report.narrative,
                "findings": [
                    Finding.model_validate({**f, "message": finding_message(f)})
                    for f in report.findings
                ],
                "anonymised_at": report.anonymised_at,
                "created_at": report.created_at,
            }
        )


class ContactReportFilters(PageQuery):
    category: CategoryName | None = Field(None, description="Only this category.")
    late_report: QueryFlag | None = Field(None, description="`true`: only the late ones.")
    contact_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only the reports of this contact."
    )
    occurred_from: IsoDate | None = Field(None, description="Contacts on or after this day.")
    occurred_to: IsoDate | None = Field(None, description="Contacts on or before this day.")


class ContactReportIn(Forbidding):
    """A contact to report, at any time and with no trip. At least the counterpart's name."""

    category: CategoryName = Field(description=CATEGORIES, examples=["stay_in_touch"])
    channel: ChannelName = Field(examples=["in_person"])
    occurred_on: IsoDate = Field(
        description="The day of the contact, not after today.", examples=["2026-03-02"]
    )
    counterpart: str = Field(
        min_length=1, max_length=200, description="Who: a person or an organisation."
    )
    narrative: str = Field(
        min_length=1,
        max_length=10000,
        description="What happened, in your words.",
        examples=["She asked about our lab's funding and asked to stay in touch."],
    )
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 of where it happened.")
    city: str = Field("", max_length=100)
    affiliation: str = Field("", max_length=200, description="The organisation they act for.")
    email: str = Field("", max_length=200, examples=["mei.lin@example.org"])
    phone: str = Field(
        "", max_length=40, description="As given; read in `country` without a country code."
    )
    handle: str = Field(
        "", max_length=200, description="`platform:name`, such as `wechat:meilin88`."
    )

    def to_input(self) -> ContactReportInput:
        return ContactReportInput(
            category=self.category,
            channel=self.channel,
            occurred_on=self.occurred_on,
            counterpart=self.counterpart,
            narrative=self.narrative,
            country=self.country,
            city=self.city,
            affiliation=self.affiliation,
            email=self.email,
            phone=self.phone,
            handle=self.handle,
        )
