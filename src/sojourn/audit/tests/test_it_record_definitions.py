"""A record's audited state is a versioned definition: when it changes (trips gained their legs),
a record whose last audited write was vouched under the earlier definition still verifies as that
definition saw it, instead of every record written before the change being named as changed.
A change to a definition without a new version fails here."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import connection

from sojourn.audit import keys, records
from sojourn.audit.models import AuditEvent
from sojourn.audit.record_check import verify_records
from sojourn.audit.records import AUDITED_STATE, Audited
from sojourn.audit.tests import tampering
from sojourn.testing import builders
from sojourn.trips.models import Leg, Trip

TRIP = "trips.trip"

# The fingerprint of every definition ever used, by (label, version). A definition is never
# edited in place: give the new one the next version, keep the old one in `earlier`, add a row.
FROZEN = {
    ("trips.trip", 1): "f3312df6f980",
    ("trips.trip", 2): "0fa86651336e",
    ("debriefs.debrief", 1): "dbded6e1eea8",
    ("care.checkin", 1): "d3c380272893",
    ("care.deviation", 1): "4354aadd6921",
    ("people.person", 1): "b406f557d2e7",
    ("auth.user", 1): "caa849b6b29f",
}


def fingerprint(spec: Audited) -> str:
    shape = {
        "fields": spec.fields,
        "children": {
            name: [child.model, child.parent, child.fields]
            for name, child in sorted(spec.children.items())
        },
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]


def test_no_definition_changed_without_a_new_version():
    found = {
        (label, spec.version): fingerprint(spec)
        for label, current in AUDITED_STATE.items()
        for spec in current.newest_first()
    }
    changed = sorted(key for key in found if FROZEN.get(key) != found[key])
    assert changed == [], (
        f"the audited state of {changed} is not the one its version was frozen with: keep the "
        "old definition in `earlier`, give the new one the next version and add its fingerprint "
        f"to FROZEN (found: {found})"
    )


def first_definition() -> Audited:
    spec = AUDITED_STATE[TRIP].at_version(1)
    assert spec is not None
    return spec


def sql(statement: str, params: list[str | int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def trip_of_version_1(cast, now, monkeypatch) -> Trip:
    """A trip submitted while trips were audited without their legs (version 1)."""
    with monkeypatch.context() as then:
        then.setitem(AUDITED_STATE, TRIP, first_definition())
        trip = builders.submitted(cast.traveller, now)
    event = AuditEvent.objects.filter(object_type=TRIP, object_id=str(trip.pk)).last()
    assert event is not None
    assert event.digest.startswith("v1:")
    return trip


def test_a_record_vouched_under_an_earlier_definition_verifies_as_it_saw_it(trip_of_version_1):
    report = verify_records()

    assert report.ok, report.changed
    assert report.earlier == 1


def test_a_change_that_definition_covered_is_still_named(trip_of_version_1):
    sql("UPDATE trips_trip SET title = %s WHERE id = %s", ["Pyongyang", trip_of_version_1.pk])

    assert verify_records().changed == [f"{TRIP}:{trip_of_version_1.pk}"]


def test_what_that_definition_left_out_is_not_covered_until_the_next_write(trip_of_version_1, cast):
    """The honest limit: version 1 did not cover legs, so a leg edited by SQL before the trip's
    next audited write goes unseen; after that write (version 2) it is named."""
    leg = Leg.objects.filter(trip=trip_of_version_1).first()
    assert leg is not None
    sql("UPDATE trips_leg SET country = %s WHERE id = %s", ["KP", leg.pk])
    assert verify_records().ok

    from sojourn.trips import services

    services.withdraw(trip_of_version_1, actor=cast.traveller, now=trip_of_version_1.updated_at)
    sql("UPDATE trips_leg SET country = %s WHERE id = %s", ["IR", leg.pk])
    assert verify_records().changed == [f"{TRIP}:{trip_of_version_1.pk}"]


@pytest.mark.parametrize("version", [1, 2])
def test_a_digest_written_before_versions_is_checked_under_each_definition(cast, now, version):
    """A trail from before digests carried their version holds bare hex digests, computed under
    the definition of their day: each is checked under every definition, the current one first."""
    trip = builders.submitted(cast.traveller, now)
    spec = AUDITED_STATE[TRIP].at_version(version)
    assert spec is not None
    event = AuditEvent.objects.filter(object_type=TRIP, object_id=str(trip.pk)).last()
    assert event is not None
    key = keys.by_id(event.key_id)
    assert key is not None
    bare = records.digest(records.states(TRIP, [trip.pk], spec=spec)[str(trip.pk)], key)
    tampering.set_column(event.pk, "digest", bare)

    report = verify_records()

    assert report.ok, report.changed
    assert report.earlier == (1 if version == 1 else 0)
    sql("UPDATE trips_trip SET title = %s WHERE id = %s", ["Tehran", trip.pk])
    assert verify_records().changed == [f"{TRIP}:{trip.pk}"]
