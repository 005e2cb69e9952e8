"""What screening finds becomes a `listed_party` finding and a recorded hit, and a new snapshot
screens every open trip and pending invitation again through the re-assessment runner."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from sojourn.conftest import Cast
from sojourn.contacts.models import SightingSource
from sojourn.contacts.register import add_alias, create_contact
from sojourn.contacts.sightings import SightingInput, record_sighting
from sojourn.debriefs.services import MeetingHeld
from sojourn.screening import recording, screen
from sojourn.screening.importing import import_snapshot
from sojourn.screening.models import Hit
from sojourn.testing import builders
from sojourn.trips import invitations, wording
from sojourn.trips.drafts import MeetingInput
from sojourn.trips.models import Invitation, PaidBy, Trip, TripStatus

FICTIONAL = Path(__file__).parent.parent / "data" / "fictional-list.csv"
AS_OF = datetime.date(2026, 3, 1)
HEADER = "entry_id,name,aliases,kind,countries,programmes,remarks\n"


def meeting_with(counterpart: str, organisation: str = "") -> builders.Itinerary:
    return builders.Itinerary(meetings=(MeetingInput(counterpart, organisation, "DE"),))


def listed(assessment: Any) -> list[dict[str, Any]]:
    return [f for f in assessment["findings"] if f["code"] == "listed_party"]


@pytest.fixture
def fictional(db, now):
    return import_snapshot(FICTIONAL, list_id="fictional", format="csv", as_of=AS_OF, now=now)


def test_a_listed_counterpart_and_organisation_are_blockers_with_their_entry(cast, now, fictional):
    trip = builders.submitted(cast.traveller, now, meeting_with("Mei-Hua LIN", "Kestrel Trading"))

    found = listed(trip.assessment)
    assert [f["severity"] for f in found] == ["blocker", "blocker"]
    assert found[0]["params"] == {
        "field": "meetings[0].counterpart",
        "list_id": "fictional",
        "entry_id": "FX-003",
        "entry_name": "Lin Meihua",
        "alias": "Lin Meihua",  # the alias "Mei-Hua Lin" ties with it: the primary is named
        "score": 100.0,
        "as_of": "2026-03-01",
    }
    assert (found[1]["params"]["field"], found[1]["params"]["entry_id"]) == (
        "meetings[0].organisation",
        "FX-004",
    )
    assert trip.route == "review"


def test_submitting_records_the_hits_with_their_snapshot(cast, now, fictional):
    trip = builders.submitted(cast.traveller, now, meeting_with("Mei-Hua LIN"))

    [hit] = Hit.objects.filter(trip=trip)
    assert (hit.source, hit.field, hit.alias, hit.score) == (
        "planned_meeting",
        "meetings[0].counterpart",
        "Lin Meihua",
        100.0,
    )
    assert (hit.entry.entry_id, hit.entry.snapshot, hit.organisation) == (
        "FX-003",
        fictional,
        cast.lab,
    )
    assert (hit.name, hit.subject) == ("Mei-Hua LIN", "person:meihua lin")


def test_a_name_on_no_list_finds_nothing(cast, now, fictional):
    trip = builders.submitted(cast.traveller, now)  # Dr. Weber of TU Berlin

    assert listed(trip.assessment) == []
    assert not Hit.objects.exists()


def paris(cast: Cast, now: datetime.datetime, inviter: str = "") -> Invitation:
    return invitations.record(
        actor=cast.traveller,
        now=now,
        data=invitations.InvitationInput(
            event="AI summit",
            host_organisation="Paris AI Forum",
            country="FR",
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 5, 2),
            paid_by=PaidBy.HOST,
            received_on=now.date(),
            inviter_name=inviter,
        ),
    )


def test_an_invitation_s_host_and_inviter_are_screened_in_its_pre_assessment(cast, now, fictional):
    invitation = paris(cast, now, inviter="Ms. May Lin")

    found = [
        (f["params"]["field"], f["params"]["entry_id"]) for f in listed(invitation.pre_assessment)
    ]
    assert found == [("host_organisation", "FX-001"), ("inviter_name", "FX-003")]
    # Recorded as hits at once, as a submitted trip's are: the officers see them.
    hits = Hit.objects.filter(invitation=invitation).order_by("source")
    assert [(h.source, h.field, h.entry.entry_id) for h in hits] == [
        ("invitation_host", "host_organisation", "FX-001"),
        ("invitation_inviter", "inviter_name", "FX-003"),
    ]


def import_command(path: Path, as_of: str) -> str:
    out = StringIO()
    call_command(
        "screening", "import", str(path), "--list", "fictional", "--format", "csv",
        "--as-of", as_of, stdout=out,
    )  # fmt: skip
    return out.getvalue()


def test_a_new_snapshot_reopens_an_approved_trip_and_screens_pending_invitations(cast, now):
    """
    GIVEN an approved trip to meet Lin Meihua and a pending invitation from the Paris AI Forum,
          recorded before any list was loaded
    WHEN the fictional list is imported
    THEN the trip is stricter (a blocker it did not have) and waits for approval again, and the
         invitation's pre-assessment and both hits name the snapshot's entries
    """
    trip = builders.approved(
        cast.traveller, now, reviewers=[cast.officer], itinerary=meeting_with("Lin Meihua")
    )
    invitation = paris(cast, now, inviter="May Lin")
    assert listed(trip.assessment) == listed(invitation.pre_assessment) == []

    out = import_command(FICTIONAL, "2026-03-01")

    trip.refresh_from_db()
    invitation.refresh_from_db()
    assert "1 open trips re-assessed, 1 stricter" in out
    assert (trip.status, trip.needs_reapproval) == (TripStatus.SUBMITTED, True)
    assert [f["params"]["entry_id"] for f in listed(trip.assessment)] == ["FX-003"]
    assert [f["params"]["entry_id"] for f in listed(invitation.pre_assessment)] == [
        "FX-001",
        "FX-003",
    ]
    # (The contact register's own hits, of the inviter as a contact, are another test's.)
    hits = Hit.objects.exclude(source="contact").values_list("source", "entry__entry_id")
    assert sorted(hits) == [
        ("invitation_host", "FX-001"),
        ("invitation_inviter", "FX-003"),
        ("planned_meeting", "FX-003"),
    ]


def test_old_hits_keep_the_entry_and_date_they_were_found_in(cast, now, fictional, tmp_path):
    trip = builders.submitted(cast.traveller, now, meeting_with("Lin Meihua"))
    later = tmp_path / "later.csv"
    later.write_text(HEADER + "FX-003,Lin Meihua,,person,CN;SG,FICTIONAL-DEMO,Moved.\n")

    import_command(later, "2026-03-20")

    old, new = Hit.objects.filter(trip=trip).order_by("id")
    assert (old.entry.snapshot.as_of, old.entry.countries) == (AS_OF, ["CN"])
    assert (new.entry.snapshot.as_of, new.entry.countries) == (
        datetime.date(2026, 3, 20),
        ["CN", "SG"],
    )
    [found] = listed(Trip.objects.get(pk=trip.pk).assessment)
    assert found["params"]["as_of"] == "2026-03-01"


def test_a_debrief_s_meetings_are_screened_when_it_is_filed(cast, now, tmp_path):
    own = tmp_path / "own.csv"
    own.write_text(HEADER + "OWN-1,Acme Capital Partners,Acme Capital,organisation,US,,\n")
    import_snapshot(own, list_id="own", format="csv", as_of=AS_OF, now=now)

    trip = builders.debriefed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        meetings=[MeetingHeld(counterpart="Mr. Smith", organisation="Acme Capital", country="US")],
    )

    [hit] = Hit.objects.filter(trip=trip, source="debrief_meeting")
    assert (hit.field, hit.entry.entry_id, hit.alias) == (
        "meetings[0].organisation",
        "OWN-1",
        "Acme Capital",
    )


def test_the_finding_is_worded_in_the_reader_s_language(cast, now, fictional):
    trip = builders.submitted(cast.traveller, now, meeting_with("Lin Meihua"))

    with translation.override("zh-hans"):
        [found] = listed(wording.shown(trip.assessment))

    assert "名单 fictional（截至 2026-03-01）的条目 FX-003，Lin Meihua" in found["message"]


def test_a_new_snapshot_screens_every_contact_and_flags_it(cast, now):
    lin = create_contact(organisation=cast.lab, name="Mei-Hua Lin", now=now)
    add_alias(lin, "MAY LIN", now=now)
    weber = create_contact(organisation=cast.robo, name="Dr. Weber", now=now)
    forum = create_contact(
        organisation=cast.robo, name="Paris AI Forum", kind="organisation", now=now
    )

    import_command(FICTIONAL, "2026-03-01")

    hits = Hit.objects.filter(source="contact").order_by("contact_id", "field")
    assert [(h.contact_id, h.field, h.entry.entry_id) for h in hits] == [
        (lin.pk, "aliases[0]", "FX-003"),
        (lin.pk, "aliases[1]", "FX-003"),
        (forum.pk, "aliases[0]", "FX-001"),
    ]
    assert {h.subject for h in hits} == {f"contact:{lin.pk}", f"contact:{forum.pk}"}
    assert screen.flagged([lin.pk, weber.pk, forum.pk]) == {lin.pk, forum.pk}


def test_a_contact_named_between_imports_is_screened_at_once_as_a_set(
    cast, now, fictional, monkeypatch
):
    """GIVEN a list loaded
    WHEN a trip to meet Mei-Hua Lin of Kestrel Trading is submitted, then her contact is given
         another name by a later sighting
    THEN her contact and its affiliation are screened together at once, and the new name too,
         without waiting for the next import."""
    screened: list[list[int]] = []
    contacts = recording.contacts

    def spy(ids: Sequence[int]) -> list[recording.Subject]:
        screened.append(sorted(ids))
        return contacts(ids)

    monkeypatch.setattr(recording, "contacts", spy)
    builders.submitted(cast.traveller, now, meeting_with("Mei-Hua LIN", "Kestrel Trading"))

    hits = Hit.objects.filter(source="contact")
    lin = hits.get(entry__entry_id="FX-003").contact
    assert lin is not None
    found = hits.values_list("contact__name", "field", "entry__entry_id")
    assert set(found) == {
        ("Mei-Hua LIN", "aliases[0]", "FX-003"),
        ("Kestrel Trading", "aliases[0]", "FX-004"),
    }
    assert screened == [sorted([lin.pk, lin.affiliation_id or 0])]

    record_sighting(
        SightingInput(
            source=SightingSource.CONTACT_REPORT,
            occurred_on=now.date(),
            name="May Lin",
            contact=lin,
        ),
        reporter=cast.traveller,
        organisation=cast.lab,
        now=now,
    )
    assert Hit.objects.filter(contact=lin, field="aliases[1]", entry__entry_id="FX-003").exists()
    assert screened[-1] == [lin.pk]
