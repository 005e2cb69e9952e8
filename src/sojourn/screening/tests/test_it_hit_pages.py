"""The screening pages through the web: an officer's queue of open hits and a hit's page, the
dismissal of a false positive (the form keeps the reason on an error; the dismissal is audited
and remembered, so the hit leaves the queue), and oversight's lists with their provenance."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.screening.importing import import_snapshot
from sojourn.screening.models import Hit, ListSnapshot
from sojourn.testing import builders
from sojourn.trips.drafts import MeetingInput

FICTIONAL = Path(__file__).parent.parent / "data" / "fictional-list.csv"
QUEUE = "/screening/hits/"


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hit(cast: Cast, now: datetime.datetime) -> Hit:
    import_snapshot(
        FICTIONAL, list_id="fictional", format="csv", as_of=datetime.date(2026, 3, 1), now=now
    )
    itinerary = builders.Itinerary(
        title="Berlin with Ms Lin", meetings=(MeetingInput("Lin Meihua", "", "DE"),)
    )
    return Hit.objects.get(trip=builders.submitted(cast.traveller, now, itinerary))


def test_an_officer_dismisses_a_false_positive_and_it_leaves_the_queue(cast, hit: Hit) -> None:
    officer = client_of(cast.officer)
    page = officer.get(QUEUE).content.decode()
    for shown in ("Berlin with Ms Lin", "FX-003", "fictional", "Lin Meihua", "2026-03-01"):
        assert shown in page
    address, dismiss = f"/screening/hits/{hit.pk}/", reverse("screening-hit-dismiss", args=[hit.pk])
    assert "FX-003" not in client_of(cast.other_officer).get(QUEUE).content.decode()
    for outsider in (cast.other_officer, cast.traveller):
        assert client_of(outsider).get(address).status_code == 404
        assert client_of(outsider).post(dismiss, {"reason": "Not her."}).status_code == 404
    reader = client_of(cast.oversight)  # reads every hit, dismisses none
    assert "FX-003" in reader.get(QUEUE).content.decode()
    assert 'action="/screening/hits/' not in reader.get(address).content.decode()
    assert reader.post(dismiss, {"reason": "Not her."}).status_code == 403

    too_long = "Born in 1990 in Harbin; " * 100
    refused = officer.post(dismiss, {"reason": too_long})
    assert refused.status_code == 422
    assert too_long in refused.content.decode()  # what was typed is kept
    assert 'id="id_reason_error"' in refused.content.decode()

    answer = officer.post(dismiss, {"reason": "Another person: born 1990 in Harbin."})

    assert answer.status_code == 302
    assert answer["Location"] == QUEUE
    event = AuditEvent.objects.get(action="screening.hit_dismissed")
    assert event.data == {"hit_id": hit.pk, "list_entry_id": hit.entry_id}
    # The trip's hit left the queue (the hit of the contact its meeting made is another subject).
    assert f'href="{address}"' not in officer.get(QUEUE).content.decode()
    shown = officer.get(address).content.decode()
    assert "Another person: born 1990 in Harbin." in shown
    assert 'action="/screening/hits/' not in shown
    assert officer.post(dismiss, {"reason": "Again."}).status_code == 409


def test_oversight_and_the_auditor_read_the_lists_provenance(cast, hit: Hit) -> None:
    snapshot = ListSnapshot.objects.get()
    for reader in (cast.oversight, cast.auditor):
        page = client_of(reader).get("/screening/lists/").content.decode()
        assert snapshot.sha256 in page
        assert "2026-03-01" in page
        assert f">{snapshot.row_count}<" in page
        assert snapshot.source in page
    assert client_of(cast.officer).get("/screening/lists/").status_code == 404
    assert client_of(cast.traveller).get(QUEUE).status_code == 404
