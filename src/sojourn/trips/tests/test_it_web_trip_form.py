"""The trip form: a new trip and the edit of a draft, rows added and removed with and without
htmx, errors at their fields with everything typed kept, saving and submitting."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone, translation

from sojourn.conftest import Cast
from sojourn.people.models import Position
from sojourn.testing import builders
from sojourn.trips import invitations
from sojourn.trips.drafts import LegInput, MeetingInput, TripInput, create_draft
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def pages_see_now(monkeypatch: pytest.MonkeyPatch, now: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: now)


def paris(now: datetime.datetime) -> invitations.InvitationInput:
    return invitations.InvitationInput(
        event="AI Action Summit",
        host_organisation="Élysée",
        country="FR",
        city="Paris",
        starts_on=now.date() + 40 * DAY,
        ends_on=now.date() + 41 * DAY,
        paid_by="host",
        received_on=now.date(),
    )


def day(now: datetime.datetime, days: int) -> str:
    return (now.date() + days * DAY).isoformat()


def trip_post(now: datetime.datetime, **changes: str) -> dict[str, str]:
    """A complete form: one leg to Berlin, one meeting."""
    return {
        "title": "Workshop in Berlin",
        "purpose": "academic",
        "necessity": "",
        "alternatives": "",
        "legs-TOTAL_FORMS": "1",
        "legs-INITIAL_FORMS": "0",
        "legs-0-country": "DE",
        "legs-0-city": "Berlin",
        "legs-0-starts_on": day(now, 30),
        "legs-0-ends_on": day(now, 34),
        "meetings-TOTAL_FORMS": "1",
        "meetings-INITIAL_FORMS": "0",
        "meetings-0-counterpart": "Dr. Weber",
        "meetings-0-organisation": "TU Berlin",
        "meetings-0-country": "DE",
        "meetings-0-topics": "robot learning",
        "meetings-0-date": day(now, 31),
        **changes,
    }


def value_of(content: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', content)
    assert found, f"no input {name}"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


# Who may open the pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 200),
        ("colleague", 200),
        ("officer", 403),
        ("other_officer", 403),
        ("oversight", 403),
        ("auditor", 403),
    ],
)
def test_only_travellers_open_a_new_trip(client: Client, cast: Cast, who: str, expected: int):
    client.force_login(getattr(cast, who))
    response = client.get("/trips/new/")
    assert response.status_code == expected
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 200),
        ("colleague", 404),
        ("officer", 403),
        ("other_officer", 404),
        ("oversight", 403),
        ("auditor", 403),
    ],
)
def test_only_the_traveller_edits_their_draft(
    client: Client, cast: Cast, now: datetime.datetime, who: str, expected: int
):
    trip = builders.draft(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    client.force_login(getattr(cast, who))

    assert client.get(f"/trips/{trip.pk}/edit/").status_code == expected
    posted = client.post(f"/trips/{trip.pk}/edit/", trip_post(now, version=str(trip.version)))
    assert posted.status_code == (302 if who == "traveller" else expected)


@pytest.mark.parametrize("path", ["/trips/new/", "/trips/1/edit/"])
def test_anonymous_is_sent_to_login(client: Client, cast: Cast, path: str):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


# Saving ---------------------------------------------------------------------------------------


def test_saving_a_new_trip_opens_a_draft(client: Client, cast: Cast, now: datetime.datetime):
    """GIVEN a traveller on the new-trip page
    WHEN they fill one leg and one meeting and save
    THEN a draft exists with what they typed, and the trip page says it was saved."""
    client.force_login(cast.traveller)

    response = client.post("/trips/new/", trip_post(now))

    trip = Trip.objects.get(traveller=cast.traveller)
    assert response.status_code == 302
    assert response["Location"] == f"/trips/{trip.pk}/"
    assert trip.status == TripStatus.DRAFT
    assert (trip.title, trip.purpose, trip.starts_on) == (
        "Workshop in Berlin",
        "academic",
        now.date() + 30 * DAY,
    )
    leg = trip.legs.get()
    assert (leg.country, leg.city, leg.transit) == ("DE", "Berlin", False)
    meeting = trip.meetings.get()
    assert (meeting.counterpart, meeting.topics, meeting.date) == (
        "Dr. Weber",
        "robot learning",
        now.date() + 31 * DAY,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Draft saved." in page


def test_save_and_submit_ends_submitted(client: Client, cast: Cast, now: datetime.datetime):
    client.force_login(cast.traveller)

    response = client.post("/trips/new/", trip_post(now, action="submit"))

    trip = Trip.objects.get(traveller=cast.traveller)
    assert trip.status == TripStatus.SUBMITTED
    assert trip.assessment is not None
    page = client.get(response["Location"]).content.decode()
    assert "Trip submitted. It is now: Submitted." in page


def test_empty_rows_are_ignored(client: Client, cast: Cast, now: datetime.datetime):
    client.force_login(cast.traveller)
    data = trip_post(now, **{"legs-TOTAL_FORMS": "2", "meetings-TOTAL_FORMS": "2"})

    assert client.post("/trips/new/", data).status_code == 302

    trip = Trip.objects.get()
    assert (trip.legs.count(), trip.meetings.count()) == (1, 1)


def test_a_new_trip_may_answer_an_invitation(client: Client, cast: Cast, now: datetime.datetime):
    invitation = invitations.record(actor=cast.traveller, data=paris(now), now=now)
    other = invitations.record(actor=cast.colleague, data=paris(now), now=now)
    client.force_login(cast.traveller)

    page = client.get("/trips/new/").content.decode()
    assert f'<option value="{invitation.pk}">AI Action Summit (FR,' in page
    assert f'<option value="{other.pk}"' not in page  # a colleague's is not offered

    client.post("/trips/new/", trip_post(now, invitation=str(invitation.pk)))
    assert Trip.objects.get().invitation == invitation

    refused = client.post("/trips/new/", trip_post(now, invitation=str(other.pk)))
    assert refused.status_code == 422
    assert Trip.objects.count() == 1


# Errors keep everything typed ------------------------------------------------------------------


def test_a_leg_ending_before_it_starts_is_refused_at_its_field(
    client: Client, cast: Cast, now: datetime.datetime
):
    """GIVEN a form with a leg whose end is before its start
    WHEN it is saved
    THEN nothing is stored, the error is tied to the end date, and every value is still there."""
    client.force_login(cast.traveller)
    data = trip_post(now, **{"legs-0-ends_on": day(now, 20), "necessity": "Keynote speaker."})

    response = client.post("/trips/new/", data)

    assert response.status_code == 422
    assert not Trip.objects.exists()
    content = response.content.decode()
    assert 'id="id_legs-0-ends_on_error"' in content
    assert "The leg cannot end before it starts." in content
    assert 'aria-invalid="true" aria-describedby="id_legs-0-ends_on_error"' in content
    assert value_of(content, "title") == "Workshop in Berlin"
    assert value_of(content, "legs-0-city") == "Berlin"
    assert value_of(content, "legs-0-ends_on") == day(now, 20)
    assert value_of(content, "meetings-0-counterpart") == "Dr. Weber"
    assert '<option value="DE" selected>' in content
    assert "Keynote speaker." in content


def test_a_missing_title_and_a_meeting_without_counterpart_are_marked(
    client: Client, cast: Cast, now: datetime.datetime
):
    client.force_login(cast.traveller)
    data = trip_post(now, title="", **{"meetings-0-counterpart": ""})

    response = client.post("/trips/new/", data)

    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_title_error"' in content
    assert 'id="id_meetings-0-counterpart_error"' in content
    assert value_of(content, "meetings-0-organisation") == "TU Berlin"


def test_submitting_needs_a_leg(client: Client, cast: Cast, now: datetime.datetime):
    client.force_login(cast.traveller)
    data = trip_post(now, action="submit", **{"legs-TOTAL_FORMS": "0"})

    response = client.post("/trips/new/", data)

    assert response.status_code == 422
    assert "Add at least one leg" in response.content.decode()
    assert not Trip.objects.exists()


# Rows -----------------------------------------------------------------------------------------


def test_adding_a_row_without_javascript_keeps_everything_and_judges_nothing(
    client: Client, cast: Cast, now: datetime.datetime
):
    client.force_login(cast.traveller)
    data = trip_post(now, title="", action="add-legs")

    response = client.post("/trips/new/", data)

    content = response.content.decode()
    assert response.status_code == 200
    assert not Trip.objects.exists()
    assert value_of(content, "legs-TOTAL_FORMS") == "2"
    assert value_of(content, "legs-0-city") == "Berlin"
    assert 'name="legs-1-country"' in content
    assert re.search(r'<select name="legs-1-country"[^>]*autofocus', content)
    assert "field__error" not in content  # the empty title is not judged yet
    assert "<html" in content  # the whole page


def test_removing_a_row_renumbers_the_rest(client: Client, cast: Cast, now: datetime.datetime):
    client.force_login(cast.traveller)
    data = trip_post(
        now,
        action="remove-legs-0",
        **{
            "legs-TOTAL_FORMS": "2",
            "legs-1-country": "FR",
            "legs-1-city": "Paris",
            "legs-1-starts_on": day(now, 35),
            "legs-1-ends_on": day(now, 36),
            "legs-1-transit": "on",
        },
    )

    content = client.post("/trips/new/", data).content.decode()

    assert value_of(content, "legs-TOTAL_FORMS") == "1"
    assert value_of(content, "legs-0-city") == "Paris"
    assert re.search(r'<input type="checkbox" name="legs-0-transit"[^>]*checked', content)
    assert 'name="legs-1-city"' not in content


def test_with_htmx_only_the_rows_and_the_panel_come_back(
    client: Client, cast: Cast, now: datetime.datetime
):
    client.force_login(cast.traveller)

    response = client.post("/trips/new/", trip_post(now, action="add-meetings"), headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.lstrip().startswith('<fieldset id="meetings"')
    assert 'name="meetings-1-counterpart"' in content
    assert 'id="assessment-panel" data-hx-swap-oob="innerHTML"' in content
    assert "Live assessment" in content


def test_rows_are_capped(client: Client, cast: Cast, now: datetime.datetime):
    client.force_login(cast.traveller)
    data = trip_post(now, action="add-legs", **{"legs-TOTAL_FORMS": "20"})

    content = client.post("/trips/new/", data).content.decode()

    assert value_of(content, "legs-TOTAL_FORMS") == "20"


# Editing a draft ------------------------------------------------------------------------------


def editing(trip: Trip) -> dict[str, Any]:
    return {"version": str(trip.version)}


def test_the_edit_page_starts_from_what_is_saved(
    client: Client, cast: Cast, now: datetime.datetime
):
    trip = builders.draft(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    client.force_login(cast.traveller)

    content = client.get(f"/trips/{trip.pk}/edit/").content.decode()

    assert value_of(content, "title") == "Workshop in Berlin"
    assert value_of(content, "version") == str(trip.version)
    assert value_of(content, "legs-0-city") == "Berlin"
    assert value_of(content, "meetings-0-counterpart") == "Dr. Weber"
    assert "<code>lifecycle-test@1</code>" in content  # the panel assesses the saved draft


# Session, user, profile; the trip, its legs, its meetings; the policy version, advisories and
# holds the live panel reads: the same however many rows the trip has.
# One more than before for the invitations the draft may answer, one for the restricted-party
# lists' newest snapshots that the preview screens its meetings against.
QUERIES_PER_EDIT_PAGE = 12


@pytest.mark.parametrize("rows", [1, 8])
def test_the_edit_page_costs_the_same_for_any_number_of_rows(
    client: Client,
    cast: Cast,
    now: datetime.datetime,
    django_assert_max_num_queries: Any,
    rows: int,
):
    start = now.date() + 30 * DAY
    trip = create_draft(
        actor=cast.traveller,
        now=now,
        data=TripInput(
            title="Tour",
            legs=[LegInput(country="DE", starts_on=start, ends_on=start)] * rows,
            meetings=[MeetingInput(counterpart="Dr. Weber", country="DE")] * rows,
        ),
    )
    client.force_login(cast.traveller)

    with django_assert_max_num_queries(QUERIES_PER_EDIT_PAGE):
        content = client.get(f"/trips/{trip.pk}/edit/").content.decode()

    assert value_of(content, "legs-TOTAL_FORMS") == str(rows)


def test_editing_saves_a_new_version(client: Client, cast: Cast, now: datetime.datetime):
    trip = builders.draft(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    client.force_login(cast.traveller)

    response = client.post(
        f"/trips/{trip.pk}/edit/", trip_post(now, title="Workshop in Munich", **editing(trip))
    )

    assert response.status_code == 302
    trip.refresh_from_db()
    assert (trip.title, trip.version) == ("Workshop in Munich", 2)


def test_a_stale_edit_keeps_the_form_and_says_why(
    client: Client, cast: Cast, now: datetime.datetime
):
    """GIVEN a draft opened in two tabs, saved in the first
    WHEN the second saves what it holds
    THEN it is refused with a clear message, the form keeps what was typed, and saving again
    (now at the current version) replaces the newer version deliberately."""
    trip = builders.draft(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    client.force_login(cast.traveller)
    client.post(f"/trips/{trip.pk}/edit/", trip_post(now, title="First tab", **editing(trip)))

    response = client.post(
        f"/trips/{trip.pk}/edit/", trip_post(now, title="Second tab", **editing(trip))
    )

    content = response.content.decode()
    assert response.status_code == 409
    assert "This trip has changed since you opened it" in content
    assert value_of(content, "title") == "Second tab"
    assert value_of(content, "version") == "2"
    trip.refresh_from_db()
    assert trip.title == "First tab"

    again = client.post(f"/trips/{trip.pk}/edit/", trip_post(now, title="Second tab", version="2"))
    assert again.status_code == 302
    trip.refresh_from_db()
    assert trip.title == "Second tab"


def test_a_submitted_trip_is_no_longer_editable(client: Client, cast: Cast, now: datetime.datetime):
    trip = builders.submitted(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    client.force_login(cast.traveller)

    assert client.get(f"/trips/{trip.pk}/edit/").status_code == 409
    changed = trip_post(now, title="Changed", **editing(trip))
    response = client.post(f"/trips/{trip.pk}/edit/", changed)
    assert response.status_code == 409
    assert "Cannot edit this trip: it is Submitted." in response.content.decode()
    assert value_of(response.content.decode(), "title") == "Changed"


def test_an_accepted_invitation_opens_on_the_edit_page_with_its_link(
    client: Client, cast: Cast, now: datetime.datetime
):
    invitation = invitations.record(actor=cast.traveller, data=paris(now), now=now)
    trip = invitations.accept(invitation, actor=cast.traveller, now=now)
    client.force_login(cast.traveller)

    content = client.get(f"/trips/{trip.pk}/edit/").content.decode()

    assert 'name="invitation"' in content
    assert f'<option value="{invitation.pk}" selected>AI Action Summit (FR,' in content


# Necessity ------------------------------------------------------------------------------------


def robo_traveller(cast: Cast) -> User:
    return builders.traveller("robo_exec", organisation=cast.robo, position=Position.EXECUTIVE)


def test_necessity_is_asked_for_a_discouraged_destination(
    client: Client, cast: Cast, now: datetime.datetime
):
    client.force_login(robo_traveller(cast))
    us = trip_post(now, **{"legs-0-country": "US", "legs-0-city": "Boston"})

    content = client.post("/trips/new/", {**us, "action": "refresh"}).content.decode()
    assert 'data-show-necessity="yes"' in content
    assert 'name="necessity"' in content

    singapore = trip_post(now, **{"legs-0-country": "SG", "meetings-0-country": "SG"})
    content = client.post("/trips/new/", {**singapore, "action": "refresh"}).content.decode()
    assert 'data-show-necessity="no"' in content
    assert 'name="necessity"' in content  # hidden by the stylesheet, never dropped


def test_hidden_necessity_is_kept(client: Client, cast: Cast, now: datetime.datetime):
    client.force_login(robo_traveller(cast))

    singapore = {"legs-0-country": "SG", "meetings-0-country": "SG"}
    client.post("/trips/new/", trip_post(now, necessity="Only the board.", **singapore))

    assert Trip.objects.get().necessity == "Only the board."


# Language -------------------------------------------------------------------------------------


@pytest.fixture
def back_to_english() -> Iterator[None]:
    """The middleware leaves the last request's language active in this thread: reset it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.usefixtures("back_to_english")
def test_country_names_follow_the_language_and_dates_stay_iso(
    client: Client, cast: Cast, now: datetime.datetime
):
    client.force_login(cast.traveller)
    client.cookies["django_language"] = "zh-hans"

    content = client.get("/trips/new/").content.decode()
    assert '<option value="US">美国</option>' in content
    assert '<option value="FR">法国</option>' in content

    assert client.post("/trips/new/", trip_post(now)).status_code == 302
    assert Trip.objects.get().starts_on == now.date() + 30 * DAY
