"""An officer dismisses a false positive: audited, and remembered for that entry and subject
until the entry changes."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.conf.errors import Conflict, InvalidInput, NotAllowed
from sojourn.conftest import Cast
from sojourn.contacts.register import create_contact
from sojourn.screening import recording, screen
from sojourn.screening.dismissing import dismiss
from sojourn.screening.importing import import_snapshot
from sojourn.screening.models import Hit
from sojourn.testing import builders
from sojourn.trips.drafts import MeetingInput
from sojourn.trips.models import Trip

FICTIONAL = Path(__file__).parent.parent / "data" / "fictional-list.csv"
AS_OF = datetime.date(2026, 3, 1)
ROWS = FICTIONAL.read_text(encoding="utf-8").splitlines()


def lin_trip(cast: Cast, now: datetime.datetime) -> Trip:
    itinerary = builders.Itinerary(meetings=(MeetingInput("Lin Meihua", "", "DE"),))
    return builders.submitted(cast.traveller, now, itinerary)


def listed(trip: Trip) -> list[dict[str, Any]]:
    assert trip.assessment is not None
    return [f for f in trip.assessment["findings"] if f["code"] == "listed_party"]


@pytest.fixture
def hit(cast, now):
    import_snapshot(FICTIONAL, list_id="fictional", format="csv", as_of=AS_OF, now=now)
    return Hit.objects.get(trip=lin_trip(cast, now))


def reimport(tmp_path: Path, now: datetime.datetime, rows: list[str], day: int) -> None:
    path = tmp_path / f"list-{day}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    as_of = AS_OF.replace(day=day)
    import_snapshot(path, list_id="fictional", format="csv", as_of=as_of, now=now)


def test_a_dismissed_pair_is_audited_and_no_longer_found(cast, now, hit):
    dismissal = dismiss(hit=hit, actor=cast.officer, reason="Another person: born 1990.", now=now)

    event = AuditEvent.objects.get(action="screening.hit_dismissed")
    assert event.object_id == str(dismissal.pk)
    assert event.data == {"hit_id": hit.pk, "list_entry_id": hit.entry_id}
    assert listed(lin_trip(cast, now)) == []


def test_it_holds_across_a_snapshot_where_the_entry_is_unchanged(cast, now, hit, tmp_path):
    dismiss(hit=hit, actor=cast.officer, reason="Another person.", now=now)
    reimport(tmp_path, now, ROWS[:-1], day=20)  # FX-005 delisted, FX-003 as it was

    assert listed(lin_trip(cast, now)) == []


def test_it_lapses_when_the_entry_changes(cast, now, hit, tmp_path):
    dismiss(hit=hit, actor=cast.officer, reason="Another person.", now=now)
    changed = [row.replace(",CN,", ",CN;SG,") if row.startswith("FX-003") else row for row in ROWS]
    reimport(tmp_path, now, changed, day=20)

    [found] = listed(lin_trip(cast, now))
    assert (found["params"]["entry_id"], found["params"]["as_of"]) == ("FX-003", "2026-03-20")


def test_it_holds_for_that_name_only(cast, now, hit):
    dismiss(hit=hit, actor=cast.officer, reason="Another person.", now=now)
    itinerary = builders.Itinerary(meetings=(MeetingInput("May Lin", "", "DE"),))

    trip = builders.submitted(cast.traveller, now, itinerary)

    assert [f["params"]["alias"] for f in listed(trip)] == ["May Lin"]


def test_a_dismissed_contact_is_no_longer_flagged(cast, now):
    import_snapshot(FICTIONAL, list_id="fictional", format="csv", as_of=AS_OF, now=now)
    contact = create_contact(organisation=cast.lab, name="Lin Meihua", now=now)
    [hit] = Hit.objects.filter(contact=contact)  # screened as it was created
    assert recording.record(recording.contacts([contact.pk]), now=now) == []  # found once
    assert screen.flagged([contact.pk]) == {contact.pk}

    dismiss(hit=hit, actor=cast.officer, reason="Another person.", now=now)

    assert screen.flagged([contact.pk]) == set()


@pytest.mark.parametrize("who", ["traveller", "other_officer", "oversight"])
def test_only_an_officer_of_its_organisation_dismisses_a_hit(cast, now, hit, who):
    with pytest.raises(NotAllowed):
        dismiss(hit=hit, actor=getattr(cast, who), reason="Not them.", now=now)

    assert not AuditEvent.objects.filter(action="screening.hit_dismissed").exists()


def test_a_dismissal_needs_a_reason_and_is_made_once(cast, now, hit):
    with pytest.raises(InvalidInput):
        dismiss(hit=hit, actor=cast.officer, reason="  ", now=now)
    dismiss(hit=hit, actor=cast.officer, reason="Another person.", now=now)

    with pytest.raises(Conflict):
        dismiss(hit=hit, actor=cast.officer, reason="Again.", now=now)
