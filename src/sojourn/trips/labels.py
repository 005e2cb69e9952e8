"""Words for the codes a trip's assessment stores, shared by the pages and the notifications."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from sojourn.audit.actions import ACTION_LABELS
from sojourn.trips.models import TripStatus

# The engine stores plain codes (it imports no Django); these are their words on the page.
CODE_LABELS: dict[str, dict[str, Promise]] = {
    "route": {
        "not_required": _("No approval required"),
        "auto_approve": _("Approved automatically"),
        "review": _("Review"),
        "deny": _("Refused by policy"),
    },
    "severity": {
        "blocker": _("Blocker"),
        "warning": _("Warning"),
        "info": _("Information"),
    },
    "finding": {
        "travel_hold": _("Travel on hold"),
        "prohibited_destination": _("Prohibited destination"),
        "advisory_in_force": _("Advisory in force"),
        "necessity_missing": _("Necessity not explained"),
        "transit_restricted": _("Restricted transit"),
        "late_report": _("Late report"),
        "listed_party": _("Restricted party"),
        "not_covered": _("Not covered by the policy"),
        "foreign_sponsorship": _("Foreign sponsorship"),
        "prohibited_funding": _("Prohibited funding"),
    },
    "step": {
        "org_security": _("Security officer"),
        "oversight": _("Oversight"),
        "system": _("System (policy)"),
    },
    "status": {status.value: status.label for status in TripStatus},
    "event": {
        "trip.created": _("Reported as a draft"),
        "trip.edited": _("Draft edited"),
        "trip.submitted": _("Submitted"),
        "trip.step_approved": _("A step of the chain approved"),
        "trip.approved": _("Approved"),
        "trip.denied": _("Denied"),
        "trip.changes_requested": _("Changes requested"),
        "trip.withdrawn": _("Withdrawn"),
        "trip.cancelled": _("Cancelled"),
        "trip.departed": _("Departed"),
        "trip.returned": _("Returned"),
        "trip.reopened": _("Approval reopened"),
        "trip.reapproved": _("Approved again"),
        "trip.approval_withdrawn": _("Approval withdrawn"),
        "trip.briefing_acknowledged": _("Briefing acknowledged"),
        "trip.debrief_submitted": _("Debrief filed"),
        "trip.debrief_accepted": _("Debrief accepted"),
        "trip.debrief_info_requested": _("More information requested"),
        # A deviation abroad added a leg; retention emptied the legs' cities.
        "trip.itinerary_changed": _("Itinerary changed while abroad"),
        "trip.legs_reduced": _("Trip's legs reduced to their countries (retention)"),
    },
    "depth": {
        "summary": _("Summary"),
        "detailed": _("Detailed"),
    },
}


def code_label(code: object, kind: str) -> str:
    """The word for a stored code; an unknown code shows as itself, never as nothing."""
    text = "" if code is None else str(code)
    label = CODE_LABELS.get(kind, {}).get(text)
    if label is None and kind == "event":
        # Any event of the audit log can stand in a trip's history (an admin's read of it, a
        # legal hold): the audit log's own words for it, rather than its code.
        label = ACTION_LABELS.get(text)
    return str(label) if label is not None else text.replace("_", " ")


def code_text(code: object, kind: str) -> Promise:
    """`code_label` as a lazy text: worded in whichever language it is read in (a notification
    stores it in every language)."""
    return cast(Promise, lazy(code_label, str)(code, kind))


def register(kind: str, words: Mapping[str, Promise]) -> None:
    """Add the words for codes a domain above trips writes into a trip's history (care's
    escalation events); each registers its own at start-up, in its AppConfig.ready."""
    CODE_LABELS.setdefault(kind, {}).update(words)
