"""The register's codes in the reader's language: a late contact report's finding."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sojourn.contacts.models import ContactCategory


def late_report_words(finding: Mapping[str, Any]) -> str:
    """A `late_contact_report` finding in words; another code keeps the message it came with."""
    if finding.get("code") != "late_contact_report":
        return str(finding.get("message", ""))
    params = finding.get("params", {})
    days = int(params.get("days", 0))
    labels = dict(ContactCategory.choices)
    within = (
        ngettext("within %(days)d business day", "within %(days)d business days", days)
        if params.get("business_days")
        else ngettext("within %(days)d day", "within %(days)d days", days)
    ) % {"days": days}
    return _(
        "Reported late: this contact of %(occurred_on)s (“%(category)s”) was reported on "
        "%(reported_on)s, after the last day to report it, %(report_by)s. The policy asks for "
        "such a contact to be reported %(within)s."
    ) % {
        "occurred_on": params.get("occurred_on", ""),
        "category": labels.get(params.get("category", ""), params.get("category", "")),
        "reported_on": params.get("reported_on", ""),
        "report_by": params.get("report_by", ""),
        "within": within,
    }
