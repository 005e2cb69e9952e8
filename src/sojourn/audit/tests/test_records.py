"""Records whose edits are detectable: each audited write stores a keyed digest of the record's
audited state, and `sojourn audit verify --records` names every record changed or deleted
outside Sojourn (by SQL, say) since its last audited write."""

from __future__ import annotations

import datetime
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sojourn.audit.models import AuditEvent
from sojourn.audit.record_check import verify_records
from sojourn.audit.records import AUDITED_STATE
from sojourn.audit.tests import tampering
from sojourn.care.models import CheckIn
from sojourn.debriefs.models import Debrief, DebriefMeeting
from sojourn.security.tests.matrix_world import build_world
from sojourn.trips.models import Leg

DAY = datetime.timedelta(days=1)


def verify_records_command() -> str:
    out = StringIO()
    call_command("audit", "verify", "--records", stdout=out)
    return out.getvalue()


def sql(statement: str, params: list[str | int]) -> None:
    """What someone with the database's own tools does, past Sojourn."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def world(cast):
    """Every kind of audited record, each reached through the real services."""
    build_world(cast)


def test_records_written_through_sojourn_all_verify(world):
    """GIVEN trips in every state, check-ins, a deviation, debriefs and profiles, all written
    through the services THEN every audited record is as its last audited write left it."""
    report = verify_records()

    assert report.ok, (report.changed, report.deleted)
    vouched = {e.object_type for e in AuditEvent.objects.exclude(digest="")}
    assert vouched == set(AUDITED_STATE)
    assert "audited records OK" in verify_records_command()


def test_a_row_edited_by_sql_is_named(world):
    checkin = CheckIn.objects.order_by("pk").first()
    assert checkin is not None

    sql("UPDATE care_checkin SET city = %s WHERE id = %s", ["Elsewhere", checkin.pk])

    assert verify_records().changed == [f"care.checkin:{checkin.pk}"]
    with pytest.raises(CommandError, match=rf"care\.checkin:{checkin.pk} \(changed\)"):
        verify_records_command()


def test_a_child_row_edited_by_sql_names_its_record(world):
    meeting = DebriefMeeting.objects.order_by("pk").first()
    assert meeting is not None

    sql("UPDATE debriefs_debriefmeeting SET counterpart = %s WHERE id = %s", ["No one", meeting.pk])

    assert verify_records().changed == [f"debriefs.debrief:{meeting.debrief_id}"]


def test_a_row_deleted_by_sql_is_named(world):
    checkin = CheckIn.objects.order_by("pk").first()
    assert checkin is not None

    sql("DELETE FROM care_checkin WHERE id = %s", [checkin.pk])

    assert verify_records().deleted == [f"care.checkin:{checkin.pk}"]


INSERT_CHECKIN = (
    "INSERT INTO care_checkin (trip_id, by_id, at, status, country, city, note) "
    "SELECT trip_id, by_id, at, status, country, city, note FROM care_checkin WHERE id = %s"
)


def test_a_checkin_inserted_by_sql_is_named(world):
    """GIVEN a check-in copied into the table by SQL, with no audited write behind it THEN it is
    named, where every check-in Sojourn records is created with an audited event."""
    checkin = CheckIn.objects.order_by("pk").first()
    assert checkin is not None

    sql(INSERT_CHECKIN, [checkin.pk])

    forged = CheckIn.objects.order_by("-pk").values_list("pk", flat=True).first()
    report = verify_records()
    assert report.inserted == [f"care.checkin:{forged}"]
    assert not report.ok
    with pytest.raises(CommandError, match=rf"care\.checkin:{forged} \(no audited write\)"):
        verify_records_command()


def test_a_row_older_than_digests_is_counted_not_named(world):
    """GIVEN a check-in recorded (with its event) before digests began, so no digest vouches
    for it THEN it is not named: it is counted as not yet vouched for."""
    checkin = CheckIn.objects.order_by("pk").first()
    assert checkin is not None
    sql(INSERT_CHECKIN, [checkin.pk])
    older = CheckIn.objects.order_by("-pk").values_list("pk", flat=True).first()
    # Its creation event, as a trail written before digests holds it: the first event.
    first = AuditEvent.objects.get(seq=1)
    tampering.set_column(first.pk, "object_type", "care.checkin")
    tampering.set_column(first.pk, "object_id", str(older))
    tampering.set_column(first.pk, "digest", "")

    report = verify_records()

    assert f"care.checkin:{older}" not in report.inserted
    assert report.unvouched >= 1


def test_an_audited_write_vouches_for_the_new_state(world, cast, now):
    """GIVEN a debrief changed through Sojourn after it was first written THEN it verifies:
    the later write's digest is the one that counts."""
    from sojourn.debriefs.services import save_draft

    # The summary is sealed at rest: the database cannot search it, Python reads it.
    [debrief] = [d for d in Debrief.objects.all() if d.summary.startswith("MATRIX-SECRET-DRAFT")]
    save_draft(debrief.trip, actor=cast.traveller, now=now, summary="Rewritten")

    assert verify_records().ok


def test_the_digest_is_keyed_and_carries_no_value(world, settings):
    """A plain hash of a city could be tested against guesses; the digest is an HMAC."""
    import hashlib
    import json

    event = AuditEvent.objects.filter(object_type="care.checkin").exclude(digest="").first()
    assert event is not None
    checkin = CheckIn.objects.get(pk=event.object_id)
    assert checkin.city not in json.dumps(event.data)
    settings.SOJOURN_AUDIT_KEYS = [("other", "another-key-of-at-least-thirty-two-chars")]
    assert not verify_records().ok
    assert event.digest != hashlib.sha256(checkin.city.encode()).hexdigest()


def test_purges_vouch_for_what_they_leave(cast, now, settings):
    """GIVEN a closed trip's check-in city and debrief WHEN retention reduces and anonymises them
    THEN they are changes made through Sojourn: every record still verifies."""
    from sojourn.care.services import check_in
    from sojourn.retention.job import run
    from sojourn.testing import builders

    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    check_in(
        trip, actor=cast.traveller, status="ok", now=builders.at(trip.starts_on, 12), city="Mitte"
    )
    trip = builders.close(trip, accepted_by=cast.officer, summary="Met Dr. Weber.")
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90
    settings.SOJOURN_RETENTION_DEBRIEF_YEARS = 1
    assert trip.closed_at is not None

    run(trip.closed_at + 400 * datetime.timedelta(days=1), apply=True)

    assert CheckIn.objects.get(trip=trip).city == ""
    assert Debrief.objects.get(trip=trip).summary == ""
    report = verify_records()
    assert report.ok, report.changed


def test_a_leg_edited_by_sql_names_its_trip(world):
    leg = Leg.objects.order_by("pk").first()
    assert leg is not None

    sql("UPDATE trips_leg SET country = %s WHERE id = %s", ["KP", leg.pk])

    assert verify_records().changed == [f"trips.trip:{leg.trip_id}"]


def test_editing_a_drafts_legs_and_a_deviation_abroad_raise_nothing(cast, now):
    """GIVEN a draft whose legs the traveller rewrites, and a trip abroad whose itinerary a
    deviation extends (a new leg, nothing stricter) THEN every trip still verifies."""
    from sojourn.care.services import DeviationInput, report_deviation
    from sojourn.testing import builders
    from sojourn.trips.drafts import LegInput, update_draft

    draft = builders.draft(cast.traveller, now)
    data = builders.BERLIN.trip_input(now.date())
    legs = [
        *data.legs,
        LegInput(
            country="AT",
            city="Vienna",
            starts_on=now.date() + 40 * DAY,
            ends_on=now.date() + 41 * DAY,
        ),
    ]
    update_draft(draft, actor=cast.traveller, data=replace(data, legs=legs), now=now)
    trip = builders.under_way(cast.colleague, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    report_deviation(
        trip,
        actor=cast.colleague,
        now=builders.at(trip.starts_on, 15),
        data=DeviationInput(
            country="DE",
            city="Munich",
            starts_on=trip.starts_on,
            ends_on=trip.starts_on,
            reason="Meeting moved",
        ),
    )

    assert Leg.objects.filter(trip=draft).count() == 2
    assert Leg.objects.filter(trip=trip).count() == 2
    report = verify_records()
    assert report.ok, report.changed
