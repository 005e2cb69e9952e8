"""The audited read of sealed records: one event per record read by someone it is not about,
carrying ids and never the text."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.care.models import CheckIn
from sojourn.care.services import check_in
from sojourn.testing import builders
from sojourn.vault.reads import record_reads


@pytest.fixture
def checkins(cast, now):
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    moment = builders.at(trip.starts_on, 15) if trip.starts_on else now
    for city in ("Leipzig", "Dresden"):
        check_in(trip, actor=cast.traveller, status="ok", now=moment, country="DE", city=city)
    return list(CheckIn.objects.order_by("pk"))


def _owner(checkin: Any) -> int | None:
    return int(checkin.trip.traveller_id)


def test_an_officer_reading_leaves_one_event_per_record_with_ids_only(cast, now, checkins):
    written = record_reads(
        actor=cast.officer, records=checkins, owner_id=_owner, what="locations", at=now
    )

    events = AuditEvent.objects.filter(action="locations.read")
    assert written == 2
    assert sorted(e.object_id for e in events) == sorted(str(c.pk) for c in checkins)
    assert {e.actor_id for e in events} == {cast.officer.pk}
    assert "Leipzig" not in json.dumps([e.data for e in events])


def test_the_traveller_reading_their_own_leaves_none(cast, now, checkins):
    written = record_reads(
        actor=cast.traveller, records=checkins, owner_id=_owner, what="locations", at=now
    )

    assert written == 0
    assert not AuditEvent.objects.filter(action="locations.read").exists()


def test_an_unknown_kind_of_read_is_refused(cast, now, checkins):
    with pytest.raises(ValueError, match="unknown kind of read"):
        record_reads(actor=cast.officer, records=checkins, owner_id=_owner, what="x", at=now)
