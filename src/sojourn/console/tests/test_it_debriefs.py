"""Debrief review: the debriefs waiting and recently reviewed; one debrief read whole, accepted or
sent back with a comment; auditors read and decide nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sojourn.conftest import Cast
from sojourn.debriefs import filing
from sojourn.debriefs.models import DebriefStatus
from sojourn.debriefs.services import save_draft
from sojourn.testing import builders
from sojourn.trips.models import Trip, TripStatus

LIST = "/debriefs/"


def url(trip: Trip) -> str:
    return f"/debriefs/{trip.pk}/"


@pytest.fixture
def trip(cast: Cast, now: datetime.datetime) -> Trip:
    """GIVEN the traveller back from Berlin (5 to 10 April) who filed a debrief on the 11th."""
    return builders.file_debrief(
        builders.returned(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title="Workshop in Berlin", purpose="conference", starts_in_days=34
            ),
        )
    )


def review(client: Client, user: User, trip: Trip, **data: object):
    client.force_login(user)
    return client.post(url(trip), {"version": trip.version, "comment": "", **data})


# The list --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 403),
        ("colleague", 403),
        ("officer", 200),
        ("other_officer", 200),
        ("oversight", 200),
        ("auditor", 200),
    ],
)
def test_who_may_open_the_list(
    client: Client, cast: Cast, trip: Trip, who: str, expected: int
) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(LIST)
    assert response.status_code == expected
    visible = who in ("officer", "oversight", "auditor")
    assert ("Workshop in Berlin" in response.content.decode()) is visible


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    assert client.get(LIST)["Location"] == f"/login/?next={LIST}"


def test_the_list_shows_what_to_look_at_first(client: Client, cast: Cast, trip: Trip) -> None:
    client.force_login(cast.officer)
    content = client.get(LIST).content.decode()
    waiting = content[content.index("To review") : content.index("Recently reviewed")]
    assert "Workshop in Berlin" in waiting
    assert "Germany" in waiting
    assert "1 sensitive meeting" in waiting
    assert "Incidents reported" in waiting
    assert "No debrief has been reviewed yet." in content


def test_reviewed_debriefs_move_to_recently_reviewed(
    client: Client, cast: Cast, trip: Trip, now: datetime.datetime
) -> None:
    filing.review_debrief(
        trip, actor=cast.officer, decision="accept", now=now + datetime.timedelta(days=45)
    )
    client.force_login(cast.oversight)
    content = client.get(LIST).content.decode()
    assert "No debrief is waiting for review." in content
    reviewed = content[content.index("Recently reviewed") :]
    assert "Workshop in Berlin" in reviewed
    assert "Accepted" in reviewed
    assert "Officer" in reviewed


def test_the_list_costs_the_same_however_long(
    client: Client, cast: Cast, trip: Trip, now: datetime.datetime, django_assert_max_num_queries
) -> None:
    client.force_login(cast.officer)
    with django_assert_max_num_queries(20) as first:
        client.get(LIST)
    for day in range(4):
        builders.file_debrief(
            builders.returned(
                cast.colleague,
                now,
                reviewers=[cast.officer],
                itinerary=builders.Itinerary(
                    title=f"Trip {day}", purpose="conference", starts_in_days=40 + day * 10
                ),
            )
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        content = client.get(LIST).content.decode()
    assert "Trip 3" in content


# One debrief -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected", "form"),
    [
        ("traveller", 403, False),
        ("colleague", 404, False),
        ("officer", 200, True),
        ("other_officer", 404, False),
        ("oversight", 200, True),
        ("auditor", 200, False),
    ],
)
def test_who_may_read_a_debrief(
    client: Client, cast: Cast, trip: Trip, who: str, expected: int, form: bool
) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(url(trip))
    assert response.status_code == expected
    content = response.content.decode()
    assert ("Record the review" in content) is form
    if expected == 200:
        assert "no-store" in response["Cache-Control"]


def test_a_trip_without_a_filed_debrief_is_not_found(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    back = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="No debrief yet", purpose="conference"),
    )
    client.force_login(cast.officer)
    assert client.get(url(back)).status_code == 404
    # A draft is the traveller's own until they file it.
    save_draft(back, actor=cast.traveller, now=now, summary="Half written")
    response = client.get(url(back))
    assert response.status_code == 404
    assert "Half written" not in response.content.decode()


def test_the_whole_debrief_is_shown(client: Client, cast: Cast, trip: Trip) -> None:
    client.force_login(cast.officer)
    content = client.get(url(trip)).content.decode()
    for text in (
        "Presented our paper; met two researchers.",
        "Dr. Weber",
        "Mr. Smith",
        "Acme Capital",
        "United States",
        "Sensitive subjects came up",
        "Future contact requested",
        "1 meeting flagged",
        "Device inspection at a border",
        "Laptop taken away for twenty minutes at the border.",
        "Gift",
        "A branded power bank.",
        "a USB stick from the host",
    ):
        assert text in content, text
    # Incidents by kind, in the kinds' order.
    assert content.index("Device inspection at a border") < content.index("A branded power bank.")


def test_auditor_reads_but_cannot_review(client: Client, cast: Cast, trip: Trip) -> None:
    client.force_login(cast.auditor)
    assert (
        "Auditors read debriefs; they do not review them." in client.get(url(trip)).content.decode()
    )
    response = review(client, cast.auditor, trip, decision="accept")
    assert response.status_code == 403
    trip.refresh_from_db()
    assert trip.status == TripStatus.DEBRIEFED


@pytest.mark.parametrize(
    ("who", "expected"), [("traveller", 403), ("colleague", 404), ("other_officer", 404)]
)
def test_others_cannot_review(
    client: Client, cast: Cast, trip: Trip, who: str, expected: int
) -> None:
    assert review(client, getattr(cast, who), trip, decision="accept").status_code == expected
    trip.refresh_from_db()
    assert trip.status == TripStatus.DEBRIEFED


def test_officer_accepts_and_the_trip_closes(client: Client, cast: Cast, trip: Trip) -> None:
    response = review(client, cast.officer, trip, decision="accept")
    assert response.status_code == 302
    assert response["Location"] == LIST
    trip.refresh_from_db()
    assert trip.status == TripStatus.CLOSED
    assert trip.debrief.status == DebriefStatus.ACCEPTED
    content = client.get(LIST).content.decode()
    assert "Debrief accepted: “Workshop in Berlin” is closed." in content
    # Nothing left to review: the page says so and shows no form.
    page = client.get(url(trip)).content.decode()
    assert "Record the review" not in page
    assert "Last review: Accepted, by Officer" in page


def test_asking_for_more_needs_a_comment(client: Client, cast: Cast, trip: Trip) -> None:
    response = review(client, cast.officer, trip, decision="request_info")
    assert response.status_code == 422
    content = response.content.decode()
    assert "Say what information is missing." in content
    assert 'id="id_comment_error"' in content

    response = review(
        client, cast.officer, trip, decision="request_info", comment="Who else was at dinner?"
    )
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == TripStatus.RETURNED
    assert trip.debrief.status == DebriefStatus.INFO_REQUESTED
    assert trip.debrief.review_comment == "Who else was at dinner?"


def test_a_stale_copy_is_refused_and_keeps_the_comment(
    client: Client, cast: Cast, trip: Trip, now: datetime.datetime
) -> None:
    version = trip.version
    filing.review_debrief(
        trip, actor=cast.oversight, decision="request_info", comment="Dates?", now=now
    )
    client.force_login(cast.officer)
    response = client.post(
        url(trip), {"version": version, "decision": "accept", "comment": "Looks complete."}
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert f"version {version} is now version" in content
    assert "Looks complete." in content
    trip.refresh_from_db()
    assert trip.status == TripStatus.RETURNED
