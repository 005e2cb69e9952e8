""" "I held no meetings" is stored with the debrief and enforced by the services, so every face
(the web form, the API, the CLI) is held to the same rule: a detailed debrief lists at least one
meeting held or says explicitly that there were none."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sojourn.conftest import Cast
from sojourn.debriefs import filing
from sojourn.debriefs.models import Debrief
from sojourn.debriefs.services import MeetingHeld, save_draft
from sojourn.testing import builders
from sojourn.testing.bodies import debrief_post
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Trip

SUMMARY = "Presented at the standards meeting."


@pytest.fixture
def engineer(cast: Cast) -> User:
    return builders.traveller("engineer", organisation=cast.robo)


@pytest.fixture
def detailed(cast: Cast, engineer: User, now: datetime.datetime) -> Trip:
    trip = builders.returned(
        engineer, now, reviewers=[cast.other_officer, cast.oversight], itinerary=builders.summit()
    )
    assert trip.assessment is not None
    assert trip.assessment["debrief_depth"] == "detailed"
    return trip


def later(trip: Trip) -> datetime.datetime:
    assert trip.returned_at is not None
    return trip.returned_at + datetime.timedelta(days=1)


def test_no_meetings_is_stored_with_the_draft(engineer: User, detailed: Trip) -> None:
    debrief = save_draft(
        detailed, actor=engineer, now=later(detailed), summary=SUMMARY, no_meetings=True
    )

    debrief.refresh_from_db()
    assert debrief.no_meetings is True


def test_no_meetings_is_off_unless_said(engineer: User, detailed: Trip) -> None:
    debrief = save_draft(detailed, actor=engineer, now=later(detailed), summary=SUMMARY)

    assert Debrief.objects.get(pk=debrief.pk).no_meetings is False


def test_no_meetings_and_meetings_together_are_refused(engineer: User, detailed: Trip) -> None:
    with pytest.raises(InvalidInput) as refused:
        save_draft(
            detailed,
            actor=engineer,
            now=later(detailed),
            summary=SUMMARY,
            meetings=[MeetingHeld("J. Smith", "NIST", "US")],
            no_meetings=True,
        )

    assert set(refused.value.errors) == {"no_meetings"}
    assert not Debrief.objects.exists()


def test_a_detailed_debrief_with_neither_is_refused_at_submission(
    engineer: User, detailed: Trip
) -> None:
    """GIVEN a returned trip whose assessment asks for a detailed debrief and a draft with a
    summary but no meeting and no "no meetings" WHEN it is submitted through the service (as the
    API would) THEN it is refused at the field no_meetings and the trip stays returned."""
    save_draft(detailed, actor=engineer, now=later(detailed), summary=SUMMARY)

    with pytest.raises(InvalidInput) as refused:
        filing.submit_debrief(detailed, actor=engineer, now=later(detailed))

    assert set(refused.value.errors) == {"no_meetings"}
    detailed.refresh_from_db()
    assert detailed.status == "returned"
    assert Debrief.objects.get().status == "draft"


def test_a_detailed_debrief_with_no_meetings_submits(engineer: User, detailed: Trip) -> None:
    save_draft(detailed, actor=engineer, now=later(detailed), summary=SUMMARY, no_meetings=True)

    trip = filing.submit_debrief(detailed, actor=engineer, now=later(detailed))

    assert trip.status == "debriefed"


def test_a_detailed_debrief_with_a_meeting_submits(engineer: User, detailed: Trip) -> None:
    save_draft(
        detailed,
        actor=engineer,
        now=later(detailed),
        summary=SUMMARY,
        meetings=[MeetingHeld("J. Smith", "NIST", "US")],
    )

    trip = filing.submit_debrief(detailed, actor=engineer, now=later(detailed))

    assert trip.status == "debriefed"


def test_a_summary_debrief_needs_neither(cast: Cast, now: datetime.datetime) -> None:
    trip = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Lyon", purpose="conference"),
    )
    assert trip.assessment is not None
    assert trip.assessment["debrief_depth"] != "detailed"
    assert not trip.assessment.get("debrief_contacts_required")
    save_draft(trip, actor=cast.traveller, now=later(trip), summary="Two talks.")

    assert filing.submit_debrief(trip, actor=cast.traveller, now=later(trip)).status == (
        "debriefed"
    )


def test_the_form_shows_the_stored_no_meetings_ticked(
    client: Client, engineer: User, detailed: Trip
) -> None:
    """GIVEN a draft saved from the web form with "no meetings" ticked WHEN the traveller opens
    the debrief again THEN the box is ticked, and submitting without touching it succeeds."""
    client.force_login(engineer)
    url = f"/trips/{detailed.pk}/debrief/"
    saved = client.post(url, debrief_post(detailed.version, summary=SUMMARY, no_meetings=True))
    assert saved.status_code == 302
    assert Debrief.objects.get().no_meetings is True

    page = client.get(url).content.decode()

    assert "checked" in _tag(page, 'id="id_no_meetings"')
    submitted = client.post(
        url, debrief_post(detailed.version, action="submit", summary=SUMMARY, no_meetings=True)
    )
    assert submitted.status_code == 302
    detailed.refresh_from_db()
    assert detailed.status == "debriefed"


def test_unticking_no_meetings_on_edit_is_stored(
    client: Client, engineer: User, detailed: Trip
) -> None:
    client.force_login(engineer)
    url = f"/trips/{detailed.pk}/debrief/"
    client.post(url, debrief_post(detailed.version, summary=SUMMARY, no_meetings=True))

    client.post(
        url,
        debrief_post(detailed.version, summary=SUMMARY, meetings=[{"counterpart": "J. Smith"}]),
    )

    debrief = Debrief.objects.get()
    assert debrief.no_meetings is False
    assert debrief.meetings.get().counterpart == "J. Smith"
    page = client.get(url).content.decode()
    assert "checked" not in _tag(page, 'id="id_no_meetings"')


def _tag(page: str, marker: str) -> str:
    """The HTML tag that holds `marker`."""
    at = page.index(marker)
    return page[page.rindex("<", 0, at) : page.index(">", at) + 1]


def test_the_officer_reads_that_no_meetings_were_held(
    client: Client, cast: Cast, engineer: User, detailed: Trip
) -> None:
    save_draft(detailed, actor=engineer, now=later(detailed), summary=SUMMARY, no_meetings=True)
    filing.submit_debrief(detailed, actor=engineer, now=later(detailed))
    client.force_login(cast.other_officer)

    page = client.get(reverse("console:debrief-review", args=[detailed.pk])).content.decode()

    assert "The traveller states that they held no meetings" in page
