"""The tables a synthetic world fills, and the order of the values in each of their rows.

Every row is a plain tuple in the order of `Table.fields` (model attribute names): ints, text,
booleans and None; days as `2026-03-10`, moments as `2026-03-10 12:00:00` (UTC), JSON as its
text. `check()` refuses to run when a model has a field the layout does not fill, so a new
column is never left to a default the database does not have.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import models

from sojourn.care.models import CheckIn, Escalation
from sojourn.debriefs.models import Debrief, DebriefMeeting, Incident
from sojourn.people.models import Organisation, Person
from sojourn.trips.models import Invitation, Leg, PlannedMeeting, Review, Trip

Row = tuple[object, ...]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: there is one of each
class Table:
    model: type[models.Model]
    fields: tuple[str, ...]

    @property
    def name(self) -> str:
        return str(self.model._meta.db_table)

    @property
    def columns(self) -> tuple[str, ...]:
        fields = {field.attname: field for field in self.model._meta.concrete_fields}
        return tuple(str(fields[name].column) for name in self.fields)


# fmt: off
ORGANISATIONS = Table(Organisation, (
    "id", "name", "slug", "sectors", "home_country", "time_zone", "policy_pack", "created_at",
))
USERS = Table(User, (
    "id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
    "email", "is_staff", "is_active", "date_joined",
))
PEOPLE = Table(Person, (
    "id", "user_id", "organisation_id", "role", "position", "sectors",
    "emergency_contact_name", "emergency_contact_phone", "language", "browser_language",
))
INVITATIONS = Table(Invitation, (
    "id", "invitee_id", "organisation_id", "event", "host_organisation", "country", "city",
    "starts_on", "ends_on", "paid_by", "received_on", "notes", "pre_assessment", "decision",
    "decision_reason", "decided_at", "created_at", "inviter_name", "inviter_organisation",
    "funding",
))
TRIPS = Table(Trip, (
    "id", "traveller_id", "organisation_id", "title", "purpose", "necessity", "alternatives",
    "invitation_id", "status", "version", "needs_reapproval", "review_round", "starts_on",
    "ends_on", "assessment", "policy", "tier", "route", "risk_score", "report_by", "debrief_due",
    "late_report", "follow_up_due", "cancel_reason", "withdraw_reason", "checkin_hours",
    "checkin_due_at", "briefing_acknowledged_at", "created_at", "updated_at", "submitted_at",
    "decided_at", "departed_at", "returned_at", "closed_at",
))
LEGS = Table(Leg, ("id", "trip_id", "position", "country", "city", "starts_on", "ends_on",
                   "transit"))
MEETINGS = Table(PlannedMeeting, ("id", "trip_id", "counterpart", "organisation", "country",
                                  "topics", "date"))
REVIEWS = Table(Review, (
    "id", "trip_id", "step", "round", "position", "reviewer_id", "decision", "conditions",
    "comment", "created_at", "decided_at",
))
CHECKINS = Table(CheckIn, ("id", "trip_id", "by_id", "at", "status", "country", "city", "note"))
ESCALATIONS = Table(Escalation, (
    "id", "trip_id", "kind", "reference", "urgent", "opened_at", "due_at", "resolved_at",
    "resolution", "resolved_by_id", "data",
))
DEBRIEFS = Table(Debrief, (
    "id", "trip_id", "status", "summary", "materials", "no_meetings", "created_at", "updated_at",
    "submitted_at", "reviewed_by_id", "reviewed_at", "review_comment", "anonymised_at",
    "archived_at",
))
DEBRIEF_MEETINGS = Table(DebriefMeeting, (
    "id", "debrief_id", "counterpart", "organisation", "country", "topics", "sensitive_topics",
    "future_contact_requested",
))
INCIDENTS = Table(Incident, ("id", "debrief_id", "kind", "occurred_on", "country",
                             "description"))
# fmt: on

# In the order they are written: a row's foreign keys point to tables earlier in the list.
ALL: tuple[Table, ...] = (
    ORGANISATIONS,
    USERS,
    PEOPLE,
    INVITATIONS,
    TRIPS,
    LEGS,
    MEETINGS,
    REVIEWS,
    CHECKINS,
    ESCALATIONS,
    DEBRIEFS,
    DEBRIEF_MEETINGS,
    INCIDENTS,
)


class LayoutError(RuntimeError):
    pass


def check() -> None:
    """Every concrete field of every model is in its layout (and nothing else is). A generated
    column (a stored sort key) is the database's to fill, never the layout's."""
    for table in ALL:
        known = {
            field.attname for field in table.model._meta.concrete_fields if not field.generated
        }
        missing = sorted(known - set(table.fields))
        unknown = sorted(set(table.fields) - known)
        if missing or unknown:
            raise LayoutError(
                f"sojourn.synth.tables does not match the model {table.model.__name__}: "
                f"fields not filled: {missing or 'none'}; fields that no longer exist: "
                f"{unknown or 'none'}. Update the layout and the generator."
            )
