"""The decision page: everything needed to decide, and a decision that goes through the service,
refuses a stale copy with what changed, keeps what was typed, and says plainly what is refused."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.models import Review, ReviewDecision, Trip, TripStatus


def url(trip: Trip) -> str:
    return f"/review/{trip.pk}/"


@pytest.fixture
def trip(cast: Cast, now: datetime.datetime) -> Trip:
    return builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Workshop in Berlin", purpose="conference")
    )


def open_page(client: Client, user: User, trip: Trip) -> str:
    client.force_login(user)
    response = client.get(url(trip))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def post(client: Client, user: User, trip: Trip, **data: object):
    client.force_login(user)
    fields = {"version": trip.version, "seen_status": trip.status, "conditions": "", "comment": ""}
    return client.post(url(trip), {**fields, **data})


# Who may open it ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected", "form"),
    [
        ("traveller", 403, False),
        ("colleague", 404, False),
        ("officer", 200, True),
        ("other_officer", 404, False),
        ("oversight", 200, False),  # the lab's chain has no oversight step
        ("auditor", 200, False),
    ],
)
def test_who_may_open_the_page(
    client: Client, cast: Cast, trip: Trip, who: str, expected: int, form: bool
) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(url(trip))
    content = response.content.decode()
    assert response.status_code == expected
    assert ("Record the decision" in content) is form
    if expected == 404:
        assert "Workshop in Berlin" not in content


def test_anonymous_is_sent_to_login(client: Client, trip: Trip) -> None:
    response = client.get(url(trip))
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url(trip)}"


def test_readers_who_do_not_decide_are_told_why(client: Client, cast: Cast, trip: Trip) -> None:
    assert "Auditors read decisions" in open_page(client, cast.auditor, trip)
    content = open_page(client, cast.oversight, trip)
    assert "waiting for the Security officer step, which is not yours to decide" in content


# What it shows -----------------------------------------------------------------------------------


def test_the_page_shows_what_a_decision_needs(
    client: Client, cast: Cast, now: datetime.datetime, view_clock
) -> None:
    """GIVEN the traveller's trip to Berlin reported 3 days ahead (late), and an earlier trip of
    theirs to Paris, reported late as well and back home with its debrief overdue."""
    earlier = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Summit in Paris", purpose="conference", country="FR", starts_in_days=2
        ),
    )
    trip = builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Workshop in Berlin", purpose="conference", starts_in_days=3),
    )
    Trip.objects.filter(pk=trip.pk).update(
        necessity="The only review meeting.", alternatives="A call: refused."
    )
    view_clock(builders.at(datetime.date(2026, 3, 25)))
    content = open_page(client, cast.officer, trip)
    for text in (
        "Traveller",  # the traveller's name
        "Researcher",
        "Conference",
        "The only review meeting.",
        "A call: refused.",
        "Germany",  # the leg's country, named
        "Berlin",
        "Dr. Weber",  # the planned meeting
        "TU Berlin",
        "<code>lifecycle-test@1</code>",
        "<code>late_report</code>",
        "after the last day to report",  # the finding's message
        "<code>lifecycle-test@1:tiers.reviewed.advance_notice</code>",  # and its rule
        "Approval chain (round 1)",
        "Waiting for this step",
        "Summit in Paris",  # a recent trip
    ):
        assert text in content, text
    # The record counts this trip too: two reported, both late, Paris's debrief overdue by now.
    record = content[content.index("’s record") :]
    assert re.search(r"Trips reported</dt><dd>2<", record)
    assert re.search(r"Reported late</dt><dd>2 ", record)
    assert re.search(r"Debriefs overdue now</dt><dd>1 ", record)
    assert earlier.status == TripStatus.RETURNED


def test_country_names_follow_the_language(client: Client, cast: Cast, trip: Trip) -> None:
    client.force_login(cast.officer)
    client.cookies["django_language"] = "zh-hans"
    content = client.get(url(trip)).content.decode()
    assert "德国" in content


def test_the_chain_shows_who_decided_and_earlier_rounds(
    client: Client, cast: Cast, trip: Trip, now: datetime.datetime
) -> None:
    services.decide(
        trip,
        actor=cast.officer,
        decision="request_changes",
        comment="Add the agenda.",
        now=now,
    )
    trip.refresh_from_db()
    trip = services.submit(trip, actor=cast.traveller, now=now)
    content = open_page(client, cast.officer, trip)
    assert "Approval chain (round 2)" in content
    assert "Earlier rounds" in content
    assert "Round 1" in content
    assert "Add the agenda." in content
    assert "Changes requested" in content
    assert "By Officer" in content


# Deciding ----------------------------------------------------------------------------------------


def test_officer_approves_with_conditions(client: Client, cast: Cast, trip: Trip) -> None:
    response = post(
        client, cast.officer, trip, decision="approve", conditions="Travel with a clean laptop."
    )
    assert response.status_code == 302
    assert response["Location"] == "/review/"
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPROVED
    review = Review.objects.get(trip=trip, step="org_security")
    assert review.reviewer == cast.officer
    assert review.conditions == "Travel with a clean laptop."
    content = client.get("/review/").content.decode()
    assert "You approved “Workshop in Berlin”." in content


@pytest.mark.parametrize("decision", ["deny", "request_changes"])
def test_a_refusal_needs_a_comment_and_keeps_what_was_typed(
    client: Client, cast: Cast, trip: Trip, decision: str
) -> None:
    response = post(client, cast.officer, trip, decision=decision, conditions="Keep this text")
    assert response.status_code == 422
    content = response.content.decode()
    assert "Say why, so the traveller knows what to do next." in content
    assert 'id="id_comment_error"' in content
    assert 'aria-describedby="id_comment_helptext id_comment_error"' in content
    assert "Keep this text</textarea>" in content
    assert f'value="{decision}"' in content
    assert "checked" in content
    trip.refresh_from_db()
    assert trip.status == TripStatus.SUBMITTED


def test_denial_with_a_comment(client: Client, cast: Cast, trip: Trip) -> None:
    response = post(client, cast.officer, trip, decision="deny", comment="Not necessary.")
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == TripStatus.DENIED


def test_no_decision_chosen_is_an_error_at_the_field(
    client: Client, cast: Cast, trip: Trip
) -> None:
    response = post(client, cast.officer, trip, comment="Typed")
    assert response.status_code == 422
    content = response.content.decode()
    assert "Choose approve, deny or request changes." in content
    assert 'aria-describedby="id_decision_error"' in content
    assert "Typed</textarea>" in content


def test_a_stale_copy_is_refused_with_what_changed(
    client: Client, cast: Cast, trip: Trip, now: datetime.datetime, view_clock
) -> None:
    """GIVEN a second lab officer opened the page at 09:00; WHEN the first officer approves at
    09:05 and the second then denies, THEN the denial is refused, the page says what changed
    and keeps the second officer's comment."""
    second = builders.officer("second_officer", organisation=cast.lab)
    view_clock(now)
    opened_version = trip.version
    opened_at = now.isoformat()
    services.decide(
        trip,
        actor=cast.officer,
        decision="approve",
        now=now + datetime.timedelta(minutes=5),
    )
    client.force_login(second)
    response = client.post(
        url(trip),
        {
            "version": opened_version,
            "seen_status": "submitted",
            "opened": opened_at,
            "decision": "deny",
            "comment": "My typed reason",
            "conditions": "",
        },
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "The trip changed since you opened it" in content
    assert f"You were deciding on version {opened_version}; it is now version" in content
    assert "Status: Submitted → Approved" in content
    assert "Officer: Approved (Security officer step) at 2026-03-02 09:05" in content
    assert "Reload" in content
    assert "My typed reason" in content  # shown to copy: the trip has nothing left to decide
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPROVED


def test_a_stale_copy_still_open_keeps_the_form_on_the_new_version(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN the robotics trip at the officer's step; WHEN the traveller's itinerary version
    moved on (the officer's copy is older) THEN the form comes back filled, on the new version."""
    trip = builders.submitted(
        builders.traveller("engineer", organisation=cast.robo), now, builders.summit()
    )
    old = trip.version
    Trip.objects.filter(pk=trip.pk).update(version=old + 1)
    response = post(
        client, cast.other_officer, trip, decision="approve", conditions="Clean laptop."
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert f'name="version" value="{old + 1}"' in content
    assert "Clean laptop.</textarea>" in content
    assert 'value="approve"' in content


def test_the_officer_step_leads_to_oversight(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.submitted(
        builders.traveller("engineer", organisation=cast.robo), now, builders.summit()
    )
    response = post(client, cast.other_officer, trip, decision="approve")
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == TripStatus.SUBMITTED
    assert "It now waits for the next step" in client.get("/review/").content.decode()

    # The officer may still read it, but the oversight step is not theirs.
    assert "Record the decision" not in open_page(client, cast.other_officer, trip)
    response = post(client, cast.other_officer, trip, decision="approve")
    assert response.status_code == 403
    assert "You cannot decide the Oversight step of this trip." in response.content.decode()

    content = open_page(client, cast.oversight, trip)
    assert "You decide the Oversight step." in content
    response = post(client, cast.oversight, trip, decision="approve")
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPROVED


@pytest.mark.parametrize(
    ("who", "expected"),
    [("traveller", 403), ("colleague", 404), ("other_officer", 404), ("auditor", 403)],
)
def test_those_who_may_not_decide_are_refused(
    client: Client, cast: Cast, trip: Trip, who: str, expected: int
) -> None:
    response = post(client, getattr(cast, who), trip, decision="approve")
    assert response.status_code == expected
    if who == "auditor":
        assert "Only security officers and oversight decide trips" in response.content.decode()
    trip.refresh_from_db()
    assert trip.status == TripStatus.SUBMITTED


def test_oversight_cannot_take_the_officer_step(client: Client, cast: Cast, trip: Trip) -> None:
    response = post(client, cast.oversight, trip, decision="approve")
    assert response.status_code == 403
    assert "You cannot decide the Security officer step" in response.content.decode()


def test_nothing_left_to_decide_is_a_conflict(
    client: Client, cast: Cast, trip: Trip, now: datetime.datetime
) -> None:
    decided = services.decide(trip, actor=cast.officer, decision="approve", now=now)
    response = post(client, cast.officer, decided, decision="approve", comment="Twice?")
    assert response.status_code == 409
    content = response.content.decode()
    assert "Cannot decide this trip: it is Approved." in content
    assert "Twice?" in content


def test_a_trip_under_way_is_approved_or_denied_only(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris", purpose="conference"),
    )
    assert trip.starts_on is not None
    trip = builders.reopened(trip, builders.at(trip.starts_on, 12))
    content = open_page(client, cast.officer, trip)
    assert 'value="approve"' in content
    assert 'value="deny"' in content
    assert 'value="request_changes"' not in content
    assert "The traveller is already abroad" in content

    response = post(client, cast.officer, trip, decision="request_changes", comment="Why")
    assert response.status_code == 422
    response = post(client, cast.officer, trip, decision="approve")
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == TripStatus.IN_PROGRESS
    assert not trip.needs_reapproval
    review = Review.objects.get(trip=trip, round=trip.review_round)
    assert review.decision == ReviewDecision.APPROVE


def test_get_changes_nothing(client: Client, cast: Cast, trip: Trip) -> None:
    version = trip.version
    open_page(client, cast.officer, trip)
    trip.refresh_from_db()
    assert trip.version == version
    assert trip.status == TripStatus.SUBMITTED


def test_the_page_costs_the_same_however_long_the_record(
    client: Client, cast: Cast, trip: Trip, now: datetime.datetime, django_assert_max_num_queries
) -> None:
    builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Old", purpose="conference", starts_in_days=35),
    )
    client.force_login(cast.officer)
    with django_assert_max_num_queries(30) as first:
        client.get(url(trip))
    for day in range(5):
        builders.returned(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title=f"Old {day}", purpose="conference", starts_in_days=40 + day * 10
            ),
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        content = client.get(url(trip)).content.decode()
    assert "Old 4" in content
