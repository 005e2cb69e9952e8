"""A legal hold is set and cleared from the trip's page and the person's page, with a reason,
and shown there to officers, oversight and auditors (never to the traveller)."""

from __future__ import annotations

import pytest
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.retention.models import LegalHold


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_sets_a_hold_on_a_trip_from_its_page(cast, closed):
    officer = client_of(cast.officer)

    response = officer.post(f"/trips/{closed.pk}/legal-hold/", {"reason": "Case 2026-14"})

    assert response.status_code == 302
    hold = LegalHold.objects.get(trip=closed)
    assert (hold.reason, hold.set_by, hold.cleared_at) == ("Case 2026-14", cast.officer, None)
    page = officer.get(f"/trips/{closed.pk}/").content.decode()
    assert "Case 2026-14" in page
    assert "Clear the legal hold" in page


def test_clearing_takes_a_reason_and_is_audited(cast, closed):
    oversight = client_of(cast.oversight)
    oversight.post(f"/trips/{closed.pk}/legal-hold/", {"reason": "Inquiry"})

    refused = oversight.post(f"/trips/{closed.pk}/legal-hold/clear/", {"reason": " "})
    assert LegalHold.objects.get(trip=closed).cleared_at is None
    oversight.post(f"/trips/{closed.pk}/legal-hold/clear/", {"reason": "Inquiry closed"})

    assert refused.status_code == 302
    hold = LegalHold.objects.get(trip=closed)
    assert (hold.clear_reason, hold.cleared_by) == ("Inquiry closed", cast.oversight)
    actions = list(
        AuditEvent.objects.filter(action__startswith="legal_hold.").values_list("action", "data")
    )
    assert actions == [
        ("legal_hold.set", {"trip_id": closed.pk}),
        ("legal_hold.cleared", {"trip_id": closed.pk}),
    ]


def test_the_auditor_reads_the_hold_but_may_not_set_one(cast, closed):
    client_of(cast.officer).post(f"/trips/{closed.pk}/legal-hold/", {"reason": "Case 7"})
    auditor = client_of(cast.auditor)

    page = auditor.get(f"/trips/{closed.pk}/").content.decode()

    assert "Case 7" in page
    assert "Clear the legal hold" not in page
    assert auditor.post(f"/trips/{closed.pk}/legal-hold/clear/", {"reason": "x"}).status_code == 403


def test_the_traveller_is_not_shown_the_hold(cast, closed):
    client_of(cast.officer).post(f"/trips/{closed.pk}/legal-hold/", {"reason": "Case 7"})

    page = client_of(cast.traveller).get(f"/trips/{closed.pk}/").content.decode()

    assert "Case 7" not in page
    assert "Legal hold" not in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_hold_on_the_person_shows_on_their_page_and_their_trips(cast, closed, language):
    officer = client_of(cast.officer)
    officer.post(f"/people/{cast.traveller.pk}/legal-hold/", {"reason": "Litigation"})

    person_page = officer.get(
        f"/people/{cast.traveller.pk}/", headers={"accept-language": language}
    ).content.decode()
    trip_page = officer.get(f"/trips/{closed.pk}/").content.decode()

    assert "Litigation" in person_page
    assert ("解除法律保全" if language == "zh-hans" else "Clear the legal hold") in person_page
    assert "Litigation" in trip_page
    assert LegalHold.objects.get(person=cast.traveller).set_by == cast.officer
