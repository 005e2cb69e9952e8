"""The shape of a policy pack document, checked strictly by pydantic.

Every model refuses unknown keys and coercion ("30" is not 30). Each field's `description` is
the expectation an error message quotes ("expected a whole number ≥ 0, got 'thirty'"). Checks
that need more than one field (group references, country codes, approval chains) live in
`pack_checks`; this module only says what each value must look like.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Travel = Literal["allowed", "discouraged", "prohibited"]
Depth = Literal["summary", "detailed"]

PACK_ID = r"^[a-z0-9][a-z0-9-]*$"
STEP = r"^[a-z][a-z0-9_]*$"
SELECTOR = r"^(\*|[a-z][a-z0-9_-]*)$"
TIER_NAME = r"^[a-z][a-z0-9_]*$"
GROUP_NAME = r"^[A-Z][A-Z0-9_]*$"

Days = Annotated[int, Field(ge=0, le=366)]
Step = Annotated[str, Field(pattern=STEP, description="a lower-case step id such as org_security")]
Selector = Annotated[
    str, Field(pattern=SELECTOR, description="a lower-case name such as researcher, or '*'")
]
Place = Annotated[str, Field(description="a country code ('FR') or a group reference ('@NATO')")]
Destination = Annotated[
    str,
    Field(description="a country code ('FR'), a group reference ('@NATO') or '*'"),
]
TierName = Annotated[str, Field(pattern=TIER_NAME)]
GroupName = Annotated[str, Field(pattern=GROUP_NAME)]

DAYS = "a whole number ≥ 0"
FLAG = "true or false"
PLACES = "a list of country codes ('FR') and group references ('@NATO')"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TextDoc(Strict):
    """A human text: a plain string is its English; a mapping gives each language its own."""

    en: Annotated[str, Field(min_length=1)] = Field(description="the text in English")
    zh_hans: Annotated[str, Field(min_length=1)] | None = Field(
        None, alias="zh-hans", description="the text in Simplified Chinese"
    )

    EXPECTED: ClassVar[str] = "a text, or a mapping of language to text with keys: en, zh-hans"


def _as_mapping(value: Any) -> Any:
    return {"en": value} if isinstance(value, str) else value


LocalText = Annotated[TextDoc, BeforeValidator(_as_mapping)]
"""A text in the pack: 'Restricted' or {en: Restricted, zh-hans: 受限}."""


class NoticeDoc(Strict):
    days: Days = Field(description=DAYS)
    business_days: bool = Field(False, description=FLAG)


class DebriefDoc(Strict):
    depth: Depth = Field(description="summary or detailed")
    days: Days = Field(description=DAYS)
    business_days: bool = Field(False, description=FLAG)
    contacts_required: bool = Field(False, description=FLAG)


class TierDoc(Strict):
    label: LocalText | None = Field(
        None, description="a text, or a mapping of language to text (en, zh-hans)"
    )
    briefing_text: LocalText | None = Field(
        None, description="a text, a mapping of language to text, or null"
    )
    destinations: list[Destination] = Field(
        min_length=1, description=f"{PLACES}, or '*' for every foreign country"
    )
    travel: Travel = Field(description="allowed, discouraged or prohibited")
    advance_notice: NoticeDoc = Field(description="a mapping with days and business_days")
    approvals: list[Step] = Field(
        description="an ordered list of approval step ids such as org_security, oversight"
    )
    auto_approve: bool = Field(False, description=FLAG)
    briefing: bool = Field(False, description=FLAG)
    checkin_hours: Annotated[int, Field(ge=1, le=720)] | None = Field(
        None, description="a whole number of hours from 1 to 720, or null for no check-ins"
    )
    debrief: DebriefDoc | None = Field(
        None, description="a mapping with depth, days, business_days, contacts_required, or null"
    )
    device_guidance: LocalText | None = Field(
        None, description="a text, a mapping of language to text, or null"
    )
    risk_weight: Annotated[int, Field(ge=0, le=100)] = Field(
        description="a whole number from 0 to 100"
    )


class GroupDoc(Strict):
    include: list[Place] = Field(min_length=1, description=PLACES)
    exclude: list[Place] = Field(default_factory=list, description=PLACES)
    description: str = Field("", description="a text")


class CoverageDoc(Strict):
    sectors: list[Selector] = Field(
        min_length=1, description="a list of sector names such as ai, robotics, or ['*']"
    )
    positions: list[Selector] = Field(
        min_length=1, description="a list of positions such as executive, researcher, or ['*']"
    )
    domestic: bool = Field(False, description=FLAG)


class EscalationDoc(Strict):
    checkin_grace_hours: Annotated[int, Field(ge=0, le=72)] = Field(
        2, description="a whole number of hours from 0 to 72"
    )
    debrief_oversight_after_days: Days = Field(5, description=DAYS)
    late_report_follow_up_days: Days = Field(3, description=DAYS)


class RetentionDoc(Strict):
    """How long the regime keeps personal data; a key left out follows the deployment's setting."""

    checkin_location_days: Annotated[int, Field(ge=1, le=3650)] | None = Field(
        None, description="a whole number of days from 1 to 3650"
    )
    notification_days: Annotated[int, Field(ge=1, le=3650)] | None = Field(
        None, description="a whole number of days from 1 to 3650"
    )
    debrief_years: Annotated[int, Field(ge=1, le=100)] | None = Field(
        None, description="a whole number of years from 1 to 100"
    )
    debrief_disposition: Literal["anonymise", "archive"] | None = Field(
        None, description="anonymise or archive"
    )


CONTACT_CATEGORIES = (
    "stay_in_touch",
    "personal_details",
    "unusual_interest",
    "offer",
    "carry_request",
    "questioned",
    "suspicious",
    "online_approach",
)
ContactCategory = Literal[
    "stay_in_touch",
    "personal_details",
    "unusual_interest",
    "offer",
    "carry_request",
    "questioned",
    "suspicious",
    "online_approach",
]


class ContactReportsDoc(Strict):
    """Which categories of contact must be reported, and within how many days of the contact."""

    categories: list[ContactCategory] = Field(
        default_factory=list, description="a list of contact report categories"
    )
    days: Days = Field(5, description=DAYS)
    business_days: bool = Field(True, description=FLAG)


class CorrelationDoc(Strict):
    """When a contact seen again and again alerts the officers (and oversight)."""

    travellers: Annotated[int, Field(ge=2, le=100)] = Field(
        2, description="a whole number from 2 to 100"
    )
    sightings: Annotated[int, Field(ge=2, le=1000)] = Field(
        3, description="a whole number from 2 to 1000"
    )
    window_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        365, description="a whole number of days from 1 to 3650"
    )


FundedItem = Annotated[
    Literal["travel", "lodging", "honorarium", "gift", "other"],
    Field(description="a funded item: travel, lodging, honorarium, gift or other"),
]
ITEMS = "a list of funded items: travel, lodging, honorarium, gift, other"


class SponsorshipDoc(Strict):
    """Which items paid by a host or third party of another country are a finding."""

    items: list[FundedItem] = Field(min_length=1, description=ITEMS)


class ProhibitedFundingDoc(Strict):
    """Items the pack forbids a host or third party of the listed countries to pay for."""

    items: list[FundedItem] = Field(min_length=1, description=ITEMS)
    payer_countries: list[Place] = Field(min_length=1, description=PLACES)
    reason: LocalText | None = Field(
        None, description="a text, a mapping of language to text (en, zh-hans), or null"
    )


class FundingDoc(Strict):
    foreign_sponsorship: SponsorshipDoc | None = Field(
        None, description="a mapping with items, or null"
    )
    prohibited: list[ProhibitedFundingDoc] = Field(
        default_factory=list,
        description="a list of mappings with items, payer_countries and reason",
    )


class PackDoc(Strict):
    id: Annotated[str, Field(pattern=PACK_ID)] = Field(
        description="a lower-case id such as seed-sensitive-tech"
    )
    version: Annotated[int, Field(ge=1)] = Field(description="a whole number ≥ 1")
    title: LocalText = Field(
        description="a non-empty text, or a mapping of language to text (en, zh-hans)"
    )
    description: LocalText | None = Field(
        None, description="a text, or a mapping of language to text (en, zh-hans)"
    )
    groups: dict[GroupName, GroupDoc] = Field(
        default_factory=dict, description="a mapping of GROUP_NAME to include/exclude lists"
    )
    coverage: CoverageDoc = Field(description="a mapping with sectors, positions and domestic")
    tiers: dict[TierName, TierDoc] = Field(
        min_length=1, description="a mapping of tier names to tiers, strictest first"
    )
    escalation: EscalationDoc = Field(
        default_factory=lambda: EscalationDoc.model_validate({}),
        description="a mapping with checkin_grace_hours, debrief_oversight_after_days and "
        "late_report_follow_up_days",
    )
    retention: RetentionDoc = Field(
        default_factory=lambda: RetentionDoc.model_validate({}),
        description="a mapping with checkin_location_days, notification_days, debrief_years "
        "and debrief_disposition",
    )
    contact_reports: ContactReportsDoc = Field(
        default_factory=lambda: ContactReportsDoc.model_validate({}),
        description="a mapping with categories, days and business_days",
    )
    correlation: CorrelationDoc = Field(
        default_factory=lambda: CorrelationDoc.model_validate({}),
        description="a mapping with travellers, sightings and window_days",
    )
    funding: FundingDoc = Field(
        default_factory=lambda: FundingDoc.model_validate({}),
        description="a mapping with foreign_sponsorship and prohibited",
    )


KEY_EXPECTATIONS = {
    "groups": "an upper-case group name such as ALLIES",
    "tiers": "a lower-case tier name such as restricted",
}
