"""The traveller's actions on the trip page: submit, withdraw (after a confirmation), and
acknowledge the pre-travel briefing; each carries the version the page showed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.people.models import Position
from sojourn.testing import builders
from sojourn.trips import invitations, services
from sojourn.trips.drafts import LegInput, TripInput, create_draft
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)
TITLE = "Workshop in Berlin"


@pytest.fixture(autouse=True)
def pages_see_now(monkeypatch: pytest.MonkeyPatch, now: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: now)


@pytest.fixture
def draft(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.draft(cast.traveller, now, builders.Itinerary(title=TITLE))


def boston(cast: Cast, now: datetime.datetime) -> tuple[User, Trip]:
    """A robotics executive's trip to Boston, submitted: the seed pack asks for a briefing."""
    robo_exec = builders.traveller("robo_exec", organisation=cast.robo, position=Position.EXECUTIVE)
    start = now.date() + 60 * DAY
    trip = create_draft(
        actor=robo_exec,
        now=now,
        data=TripInput(
            title="Robotics expo in Boston",
            purpose="conference",
            necessity="Our only US customer meets us there.",
            alternatives="A video call was refused.",
            legs=[LegInput(country="US", city="Boston", starts_on=start, ends_on=start + DAY)],
        ),
    )
    return robo_exec, services.submit(trip, actor=robo_exec, now=now)


def post(client: Client, trip: Trip, action: str, **data: object) -> Any:
    return client.post(f"/trips/{trip.pk}/{action}/", {"version": trip.version, **data})


CAST_MATRIX = [
    ("colleague", 404),
    ("officer", 403),
    ("other_officer", 404),
    ("oversight", 403),
    ("auditor", 403),
]


@pytest.mark.parametrize(("who", "expected"), CAST_MATRIX)
@pytest.mark.parametrize("action", ["submit", "withdraw", "briefing"])
def test_nobody_but_the_traveller_acts(
    client: Client, cast: Cast, draft: Trip, who: str, expected: int, action: str
):
    client.force_login(getattr(cast, who))

    response = client.post(f"/trips/{draft.pk}/{action}/", {"version": draft.version})

    assert response.status_code == expected
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (TripStatus.DRAFT, 1)


@pytest.mark.parametrize("action", ["submit", "withdraw", "briefing"])
def test_anonymous_is_sent_to_login(client: Client, draft: Trip, action: str):
    response = client.post(f"/trips/{draft.pk}/{action}/", {"version": 1})
    assert response["Location"] == f"/login/?next=/trips/{draft.pk}/{action}/"


def test_submitting_from_the_trip_page(client: Client, cast: Cast, draft: Trip):
    """GIVEN a draft on its page
    WHEN the traveller presses Submit
    THEN it is submitted and the page says so."""
    client.force_login(cast.traveller)
    page = client.get(f"/trips/{draft.pk}/").content.decode()
    assert f'action="/trips/{draft.pk}/submit/"' in page
    assert f'href="/trips/{draft.pk}/edit/"' in page

    response = post(client, draft, "submit")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == TripStatus.SUBMITTED
    page = client.get(f"/trips/{draft.pk}/").content.decode()
    assert "Trip submitted. It is now: Submitted." in page


def test_a_stale_submit_is_refused_with_a_reload(client: Client, cast: Cast, draft: Trip):
    client.force_login(cast.traveller)

    response = client.post(f"/trips/{draft.pk}/submit/", {"version": draft.version + 5})

    content = response.content.decode()
    assert response.status_code == 409
    assert "This trip has changed since you opened it" in content
    assert "Open the trip as it is now" in content
    draft.refresh_from_db()
    assert draft.status == TripStatus.DRAFT


def test_submitting_twice_is_an_illegal_move(client: Client, cast: Cast, draft: Trip):
    client.force_login(cast.traveller)
    post(client, draft, "submit")
    draft.refresh_from_db()

    response = post(client, draft, "submit")

    assert response.status_code == 409
    assert "Cannot submit this trip: it is Submitted." in response.content.decode()


def test_a_post_without_version_is_a_bad_request(client: Client, cast: Cast, draft: Trip):
    client.force_login(cast.traveller)
    assert client.post(f"/trips/{draft.pk}/submit/", {}).status_code == 400
    assert client.get(f"/trips/{draft.pk}/submit/").status_code == 405


def test_an_empty_draft_cannot_be_submitted(client: Client, cast: Cast, now: datetime.datetime):
    trip = create_draft(actor=cast.traveller, now=now, data=TripInput(title="Somewhere"))
    client.force_login(cast.traveller)

    response = post(client, trip, "submit")

    assert response.status_code == 422
    assert "Add at least one leg" in response.content.decode()


# Withdraw -------------------------------------------------------------------------------------


def test_withdrawing_asks_first_then_withdraws_with_the_reason(
    client: Client, cast: Cast, now: datetime.datetime
):
    """GIVEN a submitted trip
    WHEN the traveller opens Withdraw, reads the confirmation and confirms with a reason
    THEN the trip is withdrawn and the reason is on the record."""
    trip = builders.submitted(cast.traveller, now, builders.Itinerary(title=TITLE))
    client.force_login(cast.traveller)
    assert f'href="/trips/{trip.pk}/withdraw/"' in client.get(f"/trips/{trip.pk}/").content.decode()

    confirm = client.get(f"/trips/{trip.pk}/withdraw/")
    assert confirm.status_code == 200
    assert f'value="{trip.version}"' in confirm.content.decode()
    trip.refresh_from_db()
    assert trip.status == TripStatus.SUBMITTED  # GET changed nothing

    response = post(client, trip, "withdraw", reason="The workshop was cancelled.")

    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == TripStatus.WITHDRAWN
    event = AuditEvent.objects.get(action="trip.withdrawn")
    assert event.data["has_reason"] is True
    assert trip.withdraw_reason == "The workshop was cancelled."
    assert "Trip withdrawn." in client.get(f"/trips/{trip.pk}/").content.decode()


def test_a_stale_withdrawal_keeps_the_reason_and_offers_the_current_version(
    client: Client, cast: Cast, draft: Trip
):
    client.force_login(cast.traveller)
    old_version = draft.version
    post(client, draft, "submit")

    response = client.post(
        f"/trips/{draft.pk}/withdraw/", {"version": old_version, "reason": "Plans changed."}
    )

    content = response.content.decode()
    assert response.status_code == 409
    assert "This trip has changed since you opened it" in content
    assert "Plans changed." in content
    assert 'name="version" value="2"' in content
    again = client.post(f"/trips/{draft.pk}/withdraw/", {"version": 2, "reason": "Plans changed."})
    assert again.status_code == 302


def test_a_trip_under_way_can_no_longer_be_withdrawn(
    client: Client, cast: Cast, now: datetime.datetime
):
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title=TITLE, starts_in_days=10),
    )
    client.force_login(cast.traveller)

    confirm = client.get(f"/trips/{trip.pk}/withdraw/")

    assert confirm.status_code == 409
    assert "can no longer be withdrawn" in confirm.content.decode()
    page = client.get(f"/trips/{trip.pk}/").content.decode()
    assert f'href="/trips/{trip.pk}/withdraw/"' not in page


@pytest.mark.parametrize(("who", "expected"), CAST_MATRIX)
def test_only_the_traveller_sees_the_confirmation(
    client: Client, cast: Cast, draft: Trip, who: str, expected: int
):
    client.force_login(getattr(cast, who))
    assert client.get(f"/trips/{draft.pk}/withdraw/").status_code == expected


@pytest.mark.parametrize("who", ["officer", "oversight", "auditor"])
def test_readers_of_the_trip_see_no_actions(client: Client, cast: Cast, draft: Trip, who: str):
    client.force_login(getattr(cast, who))
    content = client.get(f"/trips/{draft.pk}/").content.decode()
    assert "What you can do" not in content
    assert "/submit/" not in content


# Briefing -------------------------------------------------------------------------------------


def test_the_briefing_is_shown_with_its_device_guidance_and_acknowledged(
    client: Client, cast: Cast, now: datetime.datetime
):
    """GIVEN a submitted trip to the US under the seed pack, whose assessment asks for a briefing
    WHEN the traveller reads it on the trip page and acknowledges it
    THEN the acknowledgement is recorded and the page shows it instead of the button."""
    robo_exec, trip = boston(cast, now)
    client.force_login(robo_exec)
    page = client.get(f"/trips/{trip.pk}/").content.decode()
    assert "Pre-travel briefing" in page
    assert "Travel with a clean laptop" in page
    assert f'action="/trips/{trip.pk}/briefing/"' in page

    response = post(client, trip, "briefing")

    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.briefing_acknowledged_at == now
    page = client.get(f"/trips/{trip.pk}/").content.decode()
    assert "Briefing acknowledged." in page
    assert "Acknowledged" in page
    assert f'action="/trips/{trip.pk}/briefing/"' not in page


def test_the_officer_sees_the_briefing_but_no_button(
    client: Client, cast: Cast, now: datetime.datetime
):
    _, trip = boston(cast, now)
    client.force_login(cast.other_officer)

    page = client.get(f"/trips/{trip.pk}/").content.decode()

    assert "Pre-travel briefing" in page
    assert f'action="/trips/{trip.pk}/briefing/"' not in page
    assert post(client, trip, "briefing").status_code == 403


def test_a_trip_without_a_briefing_refuses_one(client: Client, cast: Cast, now: datetime.datetime):
    trip = builders.submitted(cast.traveller, now, builders.Itinerary(title=TITLE))
    client.force_login(cast.traveller)

    assert "Pre-travel briefing" not in client.get(f"/trips/{trip.pk}/").content.decode()
    response = post(client, trip, "briefing")
    assert response.status_code == 422
    assert "This trip needs no pre-travel briefing." in response.content.decode()


# The invitation a trip answers ------------------------------------------------------------------


def test_the_trip_page_links_the_invitation_it_answers(
    client: Client, cast: Cast, now: datetime.datetime
):
    invitation = invitations.record(
        actor=cast.traveller,
        now=now,
        data=invitations.InvitationInput(
            event="AI Action Summit",
            host_organisation="Élysée",
            country="FR",
            starts_on=now.date() + 40 * DAY,
            ends_on=now.date() + 41 * DAY,
            paid_by="host",
            received_on=now.date(),
        ),
    )
    trip = invitations.accept(invitation, actor=cast.traveller, now=now)
    client.force_login(cast.officer)

    content = client.get(f"/trips/{trip.pk}/").content.decode()

    assert f'<a href="/invitations/{invitation.pk}/">AI Action Summit</a>' in content
