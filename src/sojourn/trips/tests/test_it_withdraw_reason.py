"""The reason a traveller gives for withdrawing a trip is kept on the trip, not only in the audit
trail: the trip page shows it to everyone who may see the trip, and the officer reads it in the
traveller's record."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.models import Trip, TripStatus

TITLE = "Workshop in Berlin"
REASON = "The workshop moved online."


@pytest.fixture(autouse=True)
def pages_see_now(monkeypatch: pytest.MonkeyPatch, now: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: now)


@pytest.fixture
def submitted(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.submitted(cast.traveller, now, builders.Itinerary(title=TITLE))


def test_the_service_stores_the_reason_on_the_trip(
    cast: Cast, submitted: Trip, now: datetime.datetime
) -> None:
    trip = services.withdraw(submitted, actor=cast.traveller, now=now, reason=f"  {REASON}\n")

    trip.refresh_from_db()
    assert trip.status == TripStatus.WITHDRAWN
    assert trip.withdraw_reason == REASON
    # The trail says a reason was given; the words stay on the trip.
    assert AuditEvent.objects.get(action="trip.withdrawn").data["has_reason"] is True
    assert REASON not in str(AuditEvent.objects.values_list("data", flat=True))
    assert trip.cancel_reason == ""


def test_no_reason_leaves_it_blank(cast: Cast, submitted: Trip, now: datetime.datetime) -> None:
    trip = services.withdraw(submitted, actor=cast.traveller, now=now)

    trip.refresh_from_db()
    assert trip.withdraw_reason == ""


def test_the_withdraw_page_asks_for_an_optional_reason(client: Client, cast: Cast, submitted: Trip):
    client.force_login(cast.traveller)

    page = client.get(reverse("trip-withdraw", args=[submitted.pk])).content.decode()

    assert '<label for="id_reason"' in page
    assert "Reason (optional)" in page
    assert 'name="reason"' in page


def test_withdrawn_from_the_form_the_reason_shows_on_the_trip_page(
    client: Client, cast: Cast, submitted: Trip
) -> None:
    """GIVEN a submitted trip WHEN the traveller withdraws it with a reason on the form THEN the
    trip stores the reason, and its page shows it (in the summary and in the timeline) to the
    traveller and to the officer of the organisation."""
    client.force_login(cast.traveller)

    response = client.post(
        reverse("trip-withdraw", args=[submitted.pk]),
        {"version": submitted.version, "reason": REASON},
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.withdraw_reason == REASON
    for who in (cast.traveller, cast.officer):
        client.force_login(who)
        page = client.get(reverse("trip-detail", args=[submitted.pk])).content.decode()
        assert "Reason for withdrawal" in page
        assert page.count(REASON) >= 2  # the summary and the timeline


def test_a_withdrawal_without_a_reason_says_so(
    client: Client, cast: Cast, submitted: Trip, now: datetime.datetime
) -> None:
    services.withdraw(submitted, actor=cast.traveller, now=now)
    client.force_login(cast.officer)

    page = client.get(reverse("trip-detail", args=[submitted.pk])).content.decode()

    assert "Reason for withdrawal" in page
    assert "No reason given." in page


def test_the_officer_reads_the_reason_in_the_travellers_record(
    client: Client, cast: Cast, submitted: Trip, now: datetime.datetime
) -> None:
    services.withdraw(submitted, actor=cast.traveller, now=now, reason=REASON)
    client.force_login(cast.officer)

    page = client.get(reverse("console:person", args=[cast.traveller.pk])).content.decode()

    assert TITLE in page
    assert "Reason for withdrawal:" in page
    assert REASON in page


def test_the_reason_of_a_cancellation_shows_in_the_record_too(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.approved(
        cast.traveller, now, reviewers=[cast.officer], itinerary=builders.Itinerary(title=TITLE)
    )
    services.cancel(trip, actor=cast.officer, now=now, reason="Instruction 12/2026")
    client.force_login(cast.officer)

    page = client.get(reverse("console:person", args=[cast.traveller.pk])).content.decode()

    assert "Reason for cancellation:" in page
    assert "Instruction 12/2026" in page
    assert "Reason for withdrawal" not in page
