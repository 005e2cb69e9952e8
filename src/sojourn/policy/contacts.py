"""Contact reports under a pack: when one falls due, and the finding a late one is.

A pack's `contact_reports` names the categories that must be reported and within how many
(business) days of the contact; business days follow the home country's calendar, as a trip's
deadlines do. A category the pack does not name has no deadline.

The params of `late_contact_report`: category, occurred_on, reported_on, report_by, days,
business_days.
"""

from __future__ import annotations

import datetime

from sojourn.policy.assessment import Finding, Severity
from sojourn.policy.calendar import add_days
from sojourn.policy.pack import Pack


def contact_report_due(
    pack: Pack, category: str, occurred_on: datetime.date, *, home_country: str
) -> datetime.date | None:
    """The last day to report a contact of `category` that happened on `occurred_on`."""
    rule = pack.contact_reports
    if category not in rule.categories:
        return None
    return add_days(occurred_on, rule.days, business=rule.business_days, country=home_country)


def late_contact_report(
    pack: Pack,
    category: str,
    occurred_on: datetime.date,
    reported_on: datetime.date,
    *,
    home_country: str,
) -> Finding | None:
    """A warning when the report came after its last day; None when on time or not required."""
    report_by = contact_report_due(pack, category, occurred_on, home_country=home_country)
    if report_by is None or reported_on <= report_by:
        return None
    rule = pack.contact_reports
    unit = "business days" if rule.business_days else "days"
    return Finding(
        code="late_contact_report",
        severity=Severity.WARNING,
        message=(
            f"A contact of {occurred_on.isoformat()} ({category}) reported on "
            f"{reported_on.isoformat()}, after the last day to report it "
            f"({report_by.isoformat()}): the policy asks for a report within {rule.days} {unit}."
        ),
        rule=f"{pack.ref}:contact_reports",
        params={
            "category": category,
            "occurred_on": occurred_on.isoformat(),
            "reported_on": reported_on.isoformat(),
            "report_by": report_by.isoformat(),
            "days": rule.days,
            "business_days": rule.business_days,
        },
    )
