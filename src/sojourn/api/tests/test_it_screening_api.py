"""Screening through the API: the lists with their provenance for oversight and auditors, the hits
scoped to the officer's organisation, and an officer's dismissal of a false positive."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.contacts.reports import ContactReportInput, file_contact_report
from sojourn.screening import recording
from sojourn.screening.importing import import_snapshot
from sojourn.screening.models import Hit

FICTIONAL = Path(recording.__file__).parent / "data" / "fictional-list.csv"
AS_OF = datetime.date(2026, 3, 1)


@pytest.fixture
def hit(cast, now) -> Hit:
    """The lab's traveller reported Lin Meihua, whom the fictional list names (FX-003)."""
    import_snapshot(
        FICTIONAL, list_id="fictional", format="csv", as_of=AS_OF, now=now, actor=cast.oversight
    )
    report = file_contact_report(
        ContactReportInput(
            category="offer",
            channel="email",
            occurred_on=AS_OF,
            counterpart="Lin Meihua",
            narrative="Offered paid travel to a workshop.",
        ),
        traveller=cast.traveller,
        now=now,
    )
    assert report.contact_id is not None
    recording.record(recording.contacts([report.contact_id]), now=now)
    return Hit.objects.get(contact_id=report.contact_id, entry__entry_id="FX-003")


def test_lists_show_their_snapshots_provenance_to_oversight_only(cast, api_for, api_clock, hit):
    page = api_for(cast.auditor).get("screening/lists").json
    one = api_for(cast.oversight).get("screening/lists/fictional")

    [listed] = page["items"]
    assert (listed["list_id"], listed["threshold"], page["next"]) == ("fictional", 90, None)
    [snapshot] = listed["snapshots"]
    assert (snapshot["as_of"], snapshot["format"], snapshot["row_count"]) == (
        "2026-03-01",
        "csv",
        5,
    )
    assert snapshot["source"] == "fictional-list.csv"
    assert len(snapshot["sha256"]) == 64
    assert snapshot["imported_by"]["username"] == "oversight"
    assert one.json == listed
    assert api_for(cast.oversight).get("screening/lists/nosuch").status == 404
    assert api_for(cast.officer).get("screening/lists").status == 403
    assert api_for(cast.traveller).get("screening/lists/fictional").status == 403


def test_hits_are_the_officers_organisations(cast, api_for, api_clock, hit):
    officer = api_for(cast.officer)

    [listed] = officer.get("screening/hits", source="contact", list_id="fictional").json["items"]
    one = officer.get(f"screening/hits/{hit.pk}").json

    assert listed == one
    assert (one["list_id"], one["entry_id"], one["entry_name"], one["as_of"]) == (
        "fictional",
        "FX-003",
        "Lin Meihua",
        "2026-03-01",
    )
    assert (one["contact_id"], one["name"]) == (hit.contact_id, "Lin Meihua")
    assert one["dismissal"] is None
    assert one["score"] >= 90
    assert one["organisation"]["slug"] == "lab"
    assert officer.get("screening/hits", source="planned_meeting").json["items"] == []
    assert api_for(cast.other_officer).get("screening/hits").json["items"] == []
    assert api_for(cast.other_officer).get(f"screening/hits/{hit.pk}").status == 404
    assert api_for(cast.auditor).get(f"screening/hits/{hit.pk}").status == 200
    assert api_for(cast.traveller).get("screening/hits").status == 403
    flagged = officer.get("contacts", flagged="true").json["items"]
    assert [(c["id"], c["flagged"]) for c in flagged] == [(hit.contact_id, True)]


def test_an_officer_dismisses_a_hit_with_a_reason(cast, api_for, api_clock, hit):
    """GIVEN a hit WHEN the lab's officer dismisses it with a reason THEN it carries the
    dismissal, its contact is no longer flagged, the dismissal is audited by ids; without a
    reason, a second time, or by oversight it is refused."""
    path = f"screening/hits/{hit.pk}/dismissal"
    officer = api_for(cast.officer)

    blank = officer.post(path, {"reason": "  "})
    by_oversight = api_for(cast.oversight).post(path, {"reason": "Not her."})
    done = officer.post(path, {"reason": "Another person: born in 1990."})
    again = officer.post(path, {"reason": "Still not her."})

    assert blank.status == 422
    assert "reason" in blank.problem_fields
    assert by_oversight.status == 403
    assert done.status == 201, done.raw
    dismissal = done.json["dismissal"]
    assert dismissal["reason"] == "Another person: born in 1990."
    assert dismissal["dismissed_by"]["username"] == "officer"
    assert again.status == 409
    event = AuditEvent.objects.get(action="screening.hit_dismissed")
    assert event.data == {"hit_id": hit.pk, "list_entry_id": hit.entry_id}
    contact = officer.get(f"contacts/{hit.contact_id}").json
    assert contact["flagged"] is False
    assert [h["dismissal"]["reason"] for h in contact["hits"]] == ["Another person: born in 1990."]
