"""Writing a debrief: save drafts, submit; the deadline, the officer's request for more."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from sojourn.conftest import Cast
from sojourn.debriefs import filing
from sojourn.debriefs.models import Debrief
from sojourn.debriefs.services import IncidentInput, MeetingHeld, save_draft
from sojourn.testing import builders
from sojourn.testing.bodies import debrief_post
from sojourn.testing.builders import SetClock
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)
MEETING = {
    "counterpart": "Dr. Weber",
    "organisation": "TU Berlin",
    "country": "DE",
    "topics": "Robot learning benchmarks",
    "sensitive_topics": "on",
}
INCIDENT = {
    "kind": "device_inspection",
    "occurred_on": "2026-04-01",
    "country": "DE",
    "description": "Laptop taken away for ten minutes at the border.",
}


@pytest.fixture
def back(cast: Cast, now: datetime.datetime, view_clock: SetClock) -> Trip:
    """Home on 2026-04-06 (Berlin, 2026-04-01 to 06); the debrief is due 2026-04-16."""
    trip = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Berlin", purpose="conference"),
    )
    view_clock(builders.at(datetime.date(2026, 4, 7)))
    return trip


def url(trip: Trip) -> str:
    return f"/trips/{trip.pk}/debrief/"


def test_the_page_shows_the_deadline_and_both_buttons(
    client: Client, cast: Cast, back: Trip, django_assert_max_num_queries
) -> None:
    client.force_login(cast.traveller)

    with django_assert_max_num_queries(10):
        content = client.get(url(back)).content.decode()

    assert "Due 2026-04-16" in content
    assert "Overdue" not in content
    assert 'value="save" class="button button--secondary">Save draft</button>' in content
    assert 'value="submit" class="button">Submit</button>' in content
    assert '<label for="id_summary">Summary of activities</label>' in content
    assert "detailed debrief" not in content  # the lab's pack asks for a summary only


def test_an_overdue_debrief_is_marked(
    client: Client, cast: Cast, back: Trip, view_clock: SetClock
) -> None:
    view_clock(builders.at(datetime.date(2026, 4, 17)))
    client.force_login(cast.traveller)

    assert "Overdue" in client.get(url(back)).content.decode()


def test_save_a_draft_with_rows_then_submit(
    client: Client, cast: Cast, back: Trip, django_assert_max_num_queries
) -> None:
    """GIVEN a traveller back home WHEN they save a draft with a meeting and an incident, then
    submit THEN the debrief holds both rows, is submitted, and the trip is debriefed."""
    client.force_login(cast.traveller)
    draft = debrief_post(
        back.version,
        summary="Gave a talk on benchmarks.",
        materials="Slides (public).",
        meetings=[MEETING],
        incidents=[INCIDENT],
    )

    saved = client.post(url(back), draft)

    assert saved.status_code == 302
    assert saved["Location"] == url(back)
    debrief = Debrief.objects.get(trip=back)
    assert (debrief.status, debrief.summary) == ("draft", "Gave a talk on benchmarks.")
    meeting = debrief.meetings.get()
    assert (meeting.counterpart, meeting.country, meeting.sensitive_topics) == (
        "Dr. Weber",
        "DE",
        True,
    )
    assert meeting.future_contact_requested is False
    incident = debrief.incidents.get()
    assert (incident.kind, incident.occurred_on) == ("device_inspection", datetime.date(2026, 4, 1))
    with django_assert_max_num_queries(12):
        page = client.get(url(back)).content.decode()
    assert "Your draft has been saved." in page
    assert 'value="Dr. Weber"' in page
    assert "Laptop taken away for ten minutes at the border.</textarea>" in page

    submitted = client.post(url(back), {**draft, "action": "submit"})

    assert submitted.status_code == 302
    back.refresh_from_db()
    assert back.status == "debriefed"
    assert Debrief.objects.get(trip=back).status == "submitted"
    page = client.get(url(back)).content.decode()
    assert "Your debrief has been submitted to your security officer." in page
    assert "Waiting for your security officer." in page
    assert "Save draft</button>" not in page
    refused = client.post(url(back), draft)
    assert refused.status_code == 409
    assert "This debrief can no longer be edited." in refused.content.decode()


def test_submitting_without_a_summary_keeps_everything_typed(
    client: Client, cast: Cast, back: Trip
) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        url(back),
        debrief_post(back.version, action="submit", materials="A paper", meetings=[MEETING]),
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_summary_error"' in content
    assert "Write a summary of your activities before submitting." in content
    assert 'value="Dr. Weber"' in content
    assert "A paper</textarea>" in content
    assert not Debrief.objects.exists()
    back.refresh_from_db()
    assert back.status == "returned"


def test_a_half_filled_row_is_refused_at_its_field(client: Client, cast: Cast, back: Trip) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        url(back),
        debrief_post(
            back.version,
            summary="Talk",
            meetings=[{"organisation": "TU Berlin"}],
            incidents=[{"occurred_on": "2026-04-02"}],
        ),
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_meetings-0-counterpart_error"' in content
    assert "Name the person you met." in content
    assert 'id="id_incidents-0-kind_error"' in content
    assert 'id="id_incidents-0-description_error"' in content
    assert not Debrief.objects.exists()


def test_blank_rows_are_ignored(client: Client, cast: Cast, back: Trip) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        url(back), debrief_post(back.version, summary="Talk", meetings=[{}], incidents=[{}])
    )

    assert response.status_code == 302
    debrief = Debrief.objects.get()
    assert (debrief.meetings.count(), debrief.incidents.count()) == (0, 0)


def test_a_stale_version_is_refused_with_input_kept_then_accepted_on_a_second_try(
    client: Client, cast: Cast, back: Trip
) -> None:
    client.force_login(cast.traveller)
    stale = debrief_post(back.version - 1, action="submit", summary="Gave a talk.")

    refused = client.post(url(back), stale)

    content = refused.content.decode()
    assert refused.status_code == 409
    assert "has changed since you opened it" in content
    assert "Gave a talk.</textarea>" in content
    assert f'name="version" value="{back.version}"' in content
    assert not Debrief.objects.exists()  # the draft was not half-saved either
    again = client.post(url(back), {**stale, "version": str(back.version)})
    assert again.status_code == 302
    back.refresh_from_db()
    assert back.status == "debriefed"


def test_while_travelling_drafts_are_saved_but_not_submitted(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Still away", purpose="conference"),
    )
    client.force_login(cast.traveller)

    page = client.get(url(trip)).content.decode()
    assert "Save draft</button>" in page
    assert 'value="submit"' not in page
    assert "once you are back home" in page
    assert client.post(url(trip), debrief_post(trip.version, summary="Day 1")).status_code == 302
    forged = client.post(url(trip), debrief_post(trip.version, action="submit", summary="Day 2"))
    assert forged.status_code == 409
    assert Debrief.objects.get(trip=trip).summary == "Day 1"  # the refused submission saved nothing


def test_the_officers_request_for_more_is_shown_at_the_top(
    client: Client, cast: Cast, back: Trip, now: datetime.datetime
) -> None:
    """GIVEN a submitted debrief WHEN the officer asks for more THEN the traveller sees the
    comment at the top, edits the debrief and submits it again."""
    later = builders.at(datetime.date(2026, 4, 7))
    save_draft(
        back,
        actor=cast.traveller,
        now=later,
        summary="Talk.",
        meetings=[MeetingHeld(counterpart="Dr. Weber")],
        incidents=[IncidentInput(kind="gift", description="A pen.")],
    )
    trip = filing.submit_debrief(back, actor=cast.traveller, now=later)
    trip = filing.review_debrief(
        trip,
        actor=cast.officer,
        decision="request_info",
        comment="Who else attended the dinner?",
        now=later,
    )
    client.force_login(cast.traveller)

    content = client.get(url(trip)).content.decode()

    assert content.index("Your security officer asked for more information") < content.index(
        "Activities"
    )
    assert "Who else attended the dinner?" in content
    assert "More information requested" in content
    assert 'value="Dr. Weber"' in content
    resubmitted = client.post(
        url(trip),
        debrief_post(
            trip.version,
            action="submit",
            summary="Talk; dinner with the TU Berlin group.",
            meetings=[MEETING],
        ),
    )
    assert resubmitted.status_code == 302
    trip.refresh_from_db()
    assert trip.status == "debriefed"


def test_the_page_costs_the_same_queries_however_many_rows(
    client: Client, cast: Cast, back: Trip, django_assert_max_num_queries
) -> None:
    later = builders.at(datetime.date(2026, 4, 7))
    save_draft(
        back,
        actor=cast.traveller,
        now=later,
        summary="Many meetings.",
        meetings=[MeetingHeld(counterpart=f"Person {n}") for n in range(25)],
        incidents=[IncidentInput(kind="approach", description=f"Approach {n}") for n in range(10)],
    )
    client.force_login(cast.traveller)

    with django_assert_max_num_queries(12):
        content = client.get(url(back)).content.decode()

    assert 'value="Person 24"' in content
    assert "Approach 9</textarea>" in content
