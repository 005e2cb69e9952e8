"""Writing a debrief. Filing and reviewing it are lifecycle transitions (sojourn.trips.services)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.debriefs.errors import DebriefFiled
from sojourn.debriefs.models import Debrief, DebriefMeeting, DebriefStatus, Incident, IncidentKind
from sojourn.policy import is_country
from sojourn.trips import edges, permissions
from sojourn.trips.errors import InvalidInput, NotAllowed
from sojourn.trips.models import Trip
from sojourn.trips.services.core import lock

EDITABLE_DEBRIEF_STATES = {DebriefStatus.DRAFT, DebriefStatus.INFO_REQUESTED}


@dataclass(frozen=True)
class MeetingHeld:
    counterpart: str
    organisation: str = ""
    country: str = ""
    topics: str = ""
    sensitive_topics: bool = False
    future_contact_requested: bool = False


@dataclass(frozen=True)
class IncidentInput:
    kind: str
    description: str
    occurred_on: datetime.date | None = None
    country: str = ""


def _country_or_none(typed: str) -> bool:
    """An optional country: none, or an ISO 3166 code (contacts are counted by country)."""
    return not typed.strip() or is_country(typed.strip().upper())


def _not_a_country(typed: str) -> str:
    return _(
        "%(code)s is not a country code: use a two-letter ISO 3166 code, such as FR or JP."
    ) % {"code": typed.strip()}


@transaction.atomic
def save_draft(
    trip: Trip,
    *,
    actor: User,
    now: datetime.datetime,
    summary: str,
    materials: str = "",
    meetings: Sequence[MeetingHeld] = (),
    incidents: Sequence[IncidentInput] = (),
    no_meetings: bool = False,
) -> Debrief:
    """Write (or rewrite) the draft. `no_meetings` says explicitly that no meeting was held;
    a detailed debrief needs it or a meeting before it can be submitted."""
    trip = lock(trip)
    if not permissions.is_traveller(actor, trip):
        raise NotAllowed(_("Only the traveller writes their debrief."))
    edges.require("write_debrief", trip)
    errors: dict[str, str] = {}
    if no_meetings and meetings:
        errors["no_meetings"] = _(
            "Meetings are listed, so you cannot also say you held none: remove one or the other."
        )
    for index, meeting in enumerate(meetings):
        if not meeting.counterpart.strip():
            errors[f"meetings[{index}].counterpart"] = _("Name the person you met.")
        if not _country_or_none(meeting.country):
            errors[f"meetings[{index}].country"] = _not_a_country(meeting.country)
    for index, incident in enumerate(incidents):
        if incident.kind not in IncidentKind.values:
            errors[f"incidents[{index}].kind"] = _("Choose one of: %(choices)s.") % {
                "choices": ", ".join(IncidentKind.values)
            }
        if not incident.description.strip():
            errors[f"incidents[{index}].description"] = _("Say what happened.")
        if not _country_or_none(incident.country):
            errors[f"incidents[{index}].country"] = _not_a_country(incident.country)
    if errors:
        raise InvalidInput(errors)
    debrief, created = Debrief.objects.select_for_update().get_or_create(
        trip=trip, defaults={"created_at": now, "updated_at": now}
    )
    if debrief.status not in EDITABLE_DEBRIEF_STATES:
        raise DebriefFiled(debrief.get_status_display())
    debrief.summary = summary.strip()
    debrief.materials = materials.strip()
    debrief.no_meetings = no_meetings
    debrief.updated_at = now
    debrief.save()
    debrief.meetings.all().delete()
    debrief.incidents.all().delete()
    DebriefMeeting.objects.bulk_create(
        DebriefMeeting(
            debrief=debrief,
            counterpart=meeting.counterpart.strip(),
            organisation=meeting.organisation.strip(),
            country=meeting.country.strip().upper(),
            topics=meeting.topics.strip(),
            sensitive_topics=meeting.sensitive_topics,
            future_contact_requested=meeting.future_contact_requested,
        )
        for meeting in meetings
    )
    Incident.objects.bulk_create(
        Incident(
            debrief=debrief,
            kind=incident.kind,
            occurred_on=incident.occurred_on,
            country=incident.country.strip().upper(),
            description=incident.description.strip(),
        )
        for incident in incidents
    )
    audit.record(
        actor=actor,
        action="debrief.created" if created else "debrief.saved",
        obj=debrief,
        at=now,
        data={
            "trip_id": trip.pk,
            "meetings": len(meetings),
            "no_meetings": no_meetings,
            "incidents": len(incidents),
        },
    )
    return debrief
