"""The same seed gives the same rows: two runs into an empty database, compared by a digest of
the columns that carry the world (keys, who, when, what was decided, the assessments)."""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.models import User
from django.db import connection

from sojourn.care.models import CheckIn, Escalation
from sojourn.debriefs.models import Debrief, DebriefMeeting, Incident
from sojourn.people.models import Organisation, Person
from sojourn.synth import tables
from sojourn.synth.tests.conftest import build
from sojourn.trips.models import Invitation, Leg, PlannedMeeting, Review, Trip

COLUMNS = {
    Organisation: ("id", "slug", "sectors", "home_country", "policy_pack", "created_at"),
    User: ("id", "username", "password", "email", "date_joined"),
    Person: ("id", "user_id", "organisation_id", "role", "position", "sectors", "language"),
    Invitation: ("id", "invitee_id", "event", "country", "starts_on", "decision", "decided_at",
                 "pre_assessment"),
    Trip: ("id", "traveller_id", "title", "status", "version", "review_round", "starts_on",
           "ends_on", "assessment", "tier", "route", "risk_score", "report_by", "debrief_due",
           "late_report", "checkin_due_at", "created_at", "updated_at", "submitted_at",
           "decided_at", "departed_at", "returned_at", "closed_at", "invitation_id"),
    Leg: ("id", "trip_id", "position", "country", "city", "starts_on", "ends_on", "transit"),
    PlannedMeeting: ("id", "trip_id", "counterpart", "country", "date"),
    Review: ("id", "trip_id", "step", "round", "position", "reviewer_id", "decision",
             "decided_at"),
    CheckIn: ("id", "trip_id", "at", "country", "city"),
    Escalation: ("id", "trip_id", "kind", "reference", "opened_at", "resolved_at", "data"),
    Debrief: ("id", "trip_id", "status", "no_meetings", "submitted_at", "reviewed_at"),
    DebriefMeeting: ("id", "debrief_id", "counterpart", "sensitive_topics"),
    Incident: ("id", "debrief_id", "kind", "occurred_on"),
}  # fmt: skip


def digest() -> str:
    """One hash over every row of every table the world fills, in key order."""
    hashed = hashlib.sha256()
    for model, columns in COLUMNS.items():
        for row in model._default_manager.order_by("pk").values_list(*columns):
            hashed.update(json.dumps(row, sort_keys=True, default=str).encode())
        hashed.update(b"|")
    return hashed.hexdigest()


def wipe() -> None:
    """Empty the tables the world fills (the database is then as fresh as before the run)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in reversed(tables.ALL):
            cursor.execute(f"DELETE FROM {quote(table.name)}")


def test_the_same_seed_gives_the_same_rows_in_an_empty_database(db):
    build(seed=7)
    first = digest()
    assert Trip.objects.count() == 2000
    wipe()
    assert not Trip.objects.exists()

    build(seed=7)

    assert digest() == first


def test_the_batch_size_does_not_change_the_rows(db):
    build(seed=7, batch_size=20_000)
    whole = digest()
    wipe()

    build(seed=7, batch_size=333)

    assert digest() == whole


def test_another_seed_gives_another_world(db):
    build(seed=7)
    first = digest()
    wipe()

    build(seed=8)

    assert digest() != first
