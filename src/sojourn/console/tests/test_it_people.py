"""People: an officer's travellers (oversight and auditors: everyone's), found by name, and each
one's trips and compliance record."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips import invitations
from sojourn.trips.invitations import InvitationInput
from sojourn.trips.models import Trip

LIST = "/people/"


def names(content: str) -> list[str]:
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', content)


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
def test_who_may_open_the_list(client: Client, cast: Cast, who: str, expected: int) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(LIST).status_code == expected


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    assert client.get(LIST)["Location"] == f"/login/?next={LIST}"


def test_officer_sees_the_travellers_of_their_organisation(client: Client, cast: Cast) -> None:
    builders.traveller("engineer", organisation=cast.robo)
    client.force_login(cast.officer)
    content = client.get(LIST).content.decode()
    assert names(content) == ["Colleague", "Traveller"]
    assert "2 travellers" in content

    client.force_login(cast.other_officer)
    assert names(client.get(LIST).content.decode()) == ["Engineer"]


def test_oversight_sees_everyone_and_filters_by_organisation(client: Client, cast: Cast) -> None:
    builders.traveller("engineer", organisation=cast.robo)
    client.force_login(cast.oversight)
    assert names(client.get(LIST).content.decode()) == ["Colleague", "Engineer", "Traveller"]
    content = client.get(f"{LIST}?organisation={cast.robo.pk}").content.decode()
    assert names(content) == ["Engineer"]
    assert f'<option value="{cast.robo.pk}" selected>Robo</option>' in content


def test_an_officer_cannot_look_into_another_organisation(client: Client, cast: Cast) -> None:
    client.force_login(cast.officer)
    content = client.get(f"{LIST}?organisation={cast.robo.pk}").content.decode()
    assert names(content) == ["Colleague", "Traveller"]  # the filter is not theirs to use
    assert "All organisations" not in content


def test_search_by_name(client: Client, cast: Cast) -> None:
    client.force_login(cast.officer)
    assert names(client.get(f"{LIST}?q=coll").content.decode()) == ["Colleague"]
    content = client.get(f"{LIST}?q=nobody").content.decode()
    assert names(content) == []
    assert "Nobody matches." in content


def test_pages_follow_the_search(client: Client, cast: Cast) -> None:
    """GIVEN 30 researchers and others WHEN oversight searches for "research" and follows Next
    THEN the second page lists the rest of the researchers only, in name order."""
    for n in range(30):
        builders.traveller(f"researcher{n:02}", organisation=cast.lab)
    client.force_login(cast.oversight)
    content = client.get(f"{LIST}?q=research").content.decode()
    assert "30 travellers" in content
    following = re.search(r'<a href="([^"]+)" rel="next">', content)
    assert following is not None
    address = html.unescape(following.group(1))
    assert "q=research" in address
    rest = client.get(f"{LIST}{address}").content.decode()
    assert len(names(content)) == 25
    assert len(names(rest)) == 5
    assert names(content) + names(rest) == sorted(names(content) + names(rest))
    assert "30 travellers" in rest


@pytest.mark.parametrize(
    "cursor",
    [
        "garbled",
        "%00",
        "W10",  # []
        "WyJhIixbMSwyLDMsNF1d",  # ["a", [1, 2, 3, 4]]: the wrong kinds
        "WyJhIixbIlx1MDAwMCIsIiIsIiIsMV1d",  # ["a", ["\u0000", "", "", 1]]
        "WyJ6IixbIiIsIiIsIiIsMV1d",  # ["z", ["", "", "", 1]]: no such direction
        "WyJhIixbIiIsIiIsIiIsOTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5XV0",  # a number no column holds
    ],
)
def test_a_cursor_this_list_did_not_give_out_shows_the_first_page(
    client: Client, cast: Cast, cursor: str
) -> None:
    client.force_login(cast.oversight)
    first = names(client.get(LIST).content.decode())
    response = client.get(f"{LIST}?cursor={cursor}")
    assert response.status_code == 200
    assert names(response.content.decode()) == first


def test_htmx_gets_the_results_alone(client: Client, cast: Cast) -> None:
    client.force_login(cast.officer)
    content = client.get(f"{LIST}?q=trav", headers={"HX-Request": "true"}).content.decode()
    assert content.lstrip().startswith('<section class="card" id="people-results"')
    assert "<html" not in content
    assert names(content) == ["Traveller"]


def test_the_list_counts_each_persons_trips(
    client: Client, cast: Cast, now: datetime.datetime, django_assert_max_num_queries
) -> None:
    builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Late", purpose="conference", starts_in_days=2),
    )
    client.force_login(cast.officer)
    with django_assert_max_num_queries(12) as first:
        content = client.get(LIST).content.decode()
    row = content[content.index(">Traveller</a>") :].split("</tr>")[0]
    assert re.findall(r'<td class="num">(\d+)', row) == ["1", "0", "1", "0"]
    for index in range(5):
        builders.traveller(f"more{index}", organisation=cast.lab)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(names(client.get(LIST).content.decode())) == 7


# One person ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 403),  # themselves: visible, but the console is not theirs
        ("colleague", 404),
        ("officer", 200),
        ("other_officer", 404),
        ("oversight", 200),
        ("auditor", 200),
    ],
)
def test_who_may_read_a_record(client: Client, cast: Cast, who: str, expected: int) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(f"/people/{cast.traveller.pk}/")
    assert response.status_code == expected
    if expected == 200:
        assert "no-store" in response["Cache-Control"]


def test_a_missing_person_is_the_same_404(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)
    assert client.get("/people/999999/").status_code == 404


def test_the_record_shows_trips_and_compliance(
    client: Client, cast: Cast, now: datetime.datetime, view_clock
) -> None:
    """GIVEN the traveller: a trip reported late (Rome), a trip to Paris abroad from 12 March
    with a missed check-in, back from Boston on 12 March without a debrief (due the 22nd), and
    two invitations, one declined, one accepted; the page looks on 25 March."""
    builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Late report to Rome", purpose="conference", starts_in_days=3),
    )
    paris = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Summit in Paris", purpose="conference", country="FR", starts_in_days=10
        ),
    )
    builders.missed_checkins(paris)
    builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Conference in Boston",
            purpose="conference",
            country="US",
            starts_in_days=8,
            days=2,
        ),
    )
    builders.draft(
        cast.traveller,
        now,
        builders.Itinerary(title="A draft nobody reported", purpose="conference"),
    )
    for event, decide in (("AI Summit", "decline"), ("Robotics fair", "accept")):
        invitation = invitations.record(
            actor=cast.traveller,
            now=now,
            data=InvitationInput(
                event=event,
                host_organisation="Host",
                country="FR",
                city="Paris",
                starts_on=now.date() + datetime.timedelta(days=60),
                ends_on=now.date() + datetime.timedelta(days=62),
                paid_by="host",
                received_on=now.date(),
            ),
        )
        if decide == "decline":
            invitations.decline(invitation, actor=cast.traveller, reason="Not useful.", now=now)
        else:
            invitations.accept(invitation, actor=cast.traveller, now=now)
    view_clock(builders.at(datetime.date(2026, 3, 25)))

    client.force_login(cast.officer)
    content = client.get(f"/people/{cast.traveller.pk}/").content.decode()
    trips = content[content.index(">Trips <") : content.index("Recent invitations")]
    assert "Late report to Rome" in trips
    assert "Reported late" in trips
    assert "Summit in Paris" in trips
    assert "1 missed check-in" in trips
    assert "Conference in Boston" in trips
    assert "Debrief overdue" in trips
    assert "A draft nobody reported" not in trips
    assert "France" in trips

    record = content[content.index("Compliance record</h2>") :]
    assert re.search(r"Trips reported</dt><dd>3<", record)
    assert re.search(r"Reported late</dt><dd>1 ", record)
    assert re.search(r"Debriefs overdue now</dt><dd>1 ", record)
    assert re.search(r"Missed check-ins</dt><dd>1<", record)
    assert "1 accepted, 1 declined, 0 pending" in record

    invited = content[content.index("Recent invitations") :]
    assert "AI Summit" in invited
    assert "Declined" in invited
    assert "Robotics fair" in invited
    assert "Accepted" in invited


def test_a_debrief_filed_late_is_on_the_record(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Berlin", purpose="conference", starts_in_days=8),
    )
    Trip.objects.filter(pk=trip.pk).update(debrief_due=trip.ends_on)  # due the day it ended
    builders.file_debrief(trip)  # filed the day after
    client.force_login(cast.oversight)
    content = client.get(f"/people/{cast.traveller.pk}/").content.decode()
    assert "Debrief filed late" in content
    assert re.search(r"Debriefs filed late</dt><dd>1<", content)


def test_the_record_costs_the_same_however_long(
    client: Client, cast: Cast, now: datetime.datetime, django_assert_max_num_queries
) -> None:
    builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="First", purpose="conference", starts_in_days=8),
    )
    client.force_login(cast.officer)
    address = f"/people/{cast.traveller.pk}/"
    with django_assert_max_num_queries(20) as first:
        client.get(address)
    for day in range(5):
        trip = builders.under_way(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title=f"Trip {day}", purpose="conference", starts_in_days=20 + day * 10
            ),
        )
        builders.missed_checkins(trip)
    with django_assert_max_num_queries(len(first.captured_queries)):
        content = client.get(address).content.decode()
    assert "Trip 4" in content
