"""The watch list: travellers abroad (the silent first), open escalations closed with a note,
debriefs owed, late reports followed up; for officers (their organisation) and oversight (all)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sojourn.care.models import Escalation, EscalationKind
from sojourn.conftest import Cast
from sojourn.console.selectors import watch
from sojourn.testing import builders
from sojourn.trips.models import Trip

URL = "/watch/"
DAY = datetime.timedelta(days=1)


def content_of(client: Client, user: User) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def section(content: str, title: str) -> str:
    start = content.index(f">{title} <")
    end = content.find("</section>", start)
    return content[start:end]


@pytest.fixture
def world(cast: Cast, now: datetime.datetime, view_clock) -> dict[str, Trip]:
    """GIVEN on 2 March: the traveller in Paris from 12 March who never checked in (the worker
    found them unreachable on the 14th), the colleague in Berlin from 11 March whose check-in
    fell due first but who was not escalated, a late report to Rome
    leaving on the 5th, a trip to Boston that ended on the 12th with its debrief due on the
    22nd, and a robotics traveller abroad too; the pages look on 25 March."""
    paris = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Summit in Paris", purpose="conference", country="FR", starts_in_days=10
        ),
    )
    builders.missed_checkins(paris, intervals=2)
    berlin = builders.under_way(
        cast.colleague,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Visit to Berlin", purpose="conference", starts_in_days=9, days=30
        ),
    )
    rome = builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(
            title="Late report to Rome", purpose="conference", country="IT", starts_in_days=3
        ),
    )
    boston = builders.returned(
        cast.colleague,
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
    engineer = builders.traveller("engineer", organisation=cast.robo)
    robo = builders.submitted(engineer, now, builders.summit(title="Robotics summit", country="BR"))
    view_clock(builders.at(datetime.date(2026, 3, 25)))
    return {"paris": paris, "berlin": berlin, "rome": rome, "boston": boston, "robo": robo}


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
def test_who_may_open_the_watch_list(client: Client, cast: Cast, who: str, expected: int) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == expected


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_officer_watches_their_organisation(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    content = content_of(client, cast.officer)
    abroad = section(content, "Abroad now")
    assert abroad.index("Summit in Paris") < abroad.index("Visit to Berlin")  # silent first
    assert "Unreachable" in abroad
    assert "Overdue" in abroad  # the next check-in fell due long ago
    assert "France" in abroad
    assert "Germany" in abroad
    assert "None yet" in abroad  # Paris never checked in

    alerts = section(content, "Open escalations")
    assert "Check-in missed" in alerts
    assert alerts.index("Unreachable") < alerts.index("Check-in missed")  # urgent first
    assert "Close with this note" in alerts
    assert "Reported late" not in alerts  # late reports have their own section

    owed = section(content, "Debriefs due and overdue")
    assert "Conference in Boston" in owed
    assert "2026-03-22" in owed
    assert "Overdue" in owed
    assert "Not started" in owed

    late = section(content, "Late reports awaiting follow-up")
    assert "Late report to Rome" in late
    assert "Record the follow-up" in late

    assert "Robotics summit" not in content
    assert "Robo" not in content


def test_oversight_watches_every_organisation(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    content = content_of(client, cast.oversight)
    assert "Summit in Paris" in content
    assert "Lab" in section(content, "Abroad now")  # the organisation column
    assert "Close with this note" in content


def test_each_row_form_names_its_own_row(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    """GIVEN two open escalations and a late report WHEN an officer opens the watch list THEN
    each row's form posts to that row, its note field is named and labelled for that row
    alone, and it carries the CSRF token (the blank field is rendered once and reused)."""
    client.force_login(cast.officer)
    content = client.get(URL).content.decode()
    rows = re.findall(r'<li class="watch-item[^"]*" id="([a-z]+-\d+)">(.*?)</li>', content, re.S)
    escalations = [(key, row) for key, row in rows if key.startswith("escalation-")]
    late = [(key, row) for key, row in rows if key.startswith("late-")]
    assert len(escalations) == 2
    assert len(late) == 1
    for key, row in escalations + late:
        assert f'name="{key}-note"' in row
        assert f'<label for="id_{key}-note">' in row
        assert f'id="id_{key}-note"' in row
        assert 'name="csrfmiddlewaretoken"' in row
        assert "rowprefix" not in row
    for key, row in escalations:
        assert f'action="/watch/escalations/{key.split("-")[1]}/close/"' in row


def test_auditor_reads_without_forms(client: Client, cast: Cast, world: dict[str, Trip]) -> None:
    content = content_of(client, cast.auditor)
    assert "Check-in missed" in content
    assert "Close with this note" not in content
    assert "Record the follow-up" not in content


def test_other_officer_sees_none_of_the_lab(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    content = content_of(client, cast.other_officer)
    for title in ("Summit in Paris", "Late report to Rome", "Conference in Boston"):
        assert title not in content


# Closing an escalation -------------------------------------------------------------------------


@pytest.fixture
def escalation(world: dict[str, Trip]) -> Escalation:
    return Escalation.objects.open().get(trip=world["paris"], kind=EscalationKind.MISSED_CHECKIN)


def close(client: Client, user: User, escalation: Escalation, note: str, **headers: str):
    client.force_login(user)
    return client.post(
        f"/watch/escalations/{escalation.pk}/close/",
        {f"escalation-{escalation.pk}-note": note},
        headers=headers,
    )


def test_officer_closes_an_escalation_with_a_note(
    client: Client, cast: Cast, escalation: Escalation
) -> None:
    response = close(client, cast.officer, escalation, "Reached her by phone: all well.")
    assert response.status_code == 302
    assert response["Location"] == URL
    escalation.refresh_from_db()
    assert escalation.resolved_at is not None
    assert escalation.resolution == "Reached her by phone: all well."
    assert escalation.resolved_by == cast.officer
    assert "Escalation closed: Check-in missed." in client.get(URL).content.decode()


def test_closing_without_a_note_shows_the_error_at_the_field(
    client: Client, cast: Cast, escalation: Escalation
) -> None:
    response = close(client, cast.officer, escalation, "   ")
    assert response.status_code == 422
    content = response.content.decode()
    field = f"id_escalation-{escalation.pk}-note"
    assert "Say how it was resolved." in content
    assert f'id="{field}_error"' in content
    assert f'aria-describedby="{field}_error"' in content
    escalation.refresh_from_db()
    assert escalation.resolved_at is None


def test_htmx_closes_and_gets_the_row_back(
    client: Client, cast: Cast, escalation: Escalation
) -> None:
    response = close(client, cast.officer, escalation, "", HX_Request="true")
    assert response.status_code == 200  # htmx swaps 2xx answers: the row comes back with its error
    content = response.content.decode()
    assert content.lstrip().startswith(f'<li class="watch-item" id="escalation-{escalation.pk}"')
    assert "Say how it was resolved." in content
    assert "<html" not in content

    response = close(client, cast.officer, escalation, "Called the hotel.", HX_Request="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Closed: Called the hotel." in content
    assert "<form" not in content


def test_closing_twice_says_it_is_closed(
    client: Client, cast: Cast, escalation: Escalation
) -> None:
    close(client, cast.officer, escalation, "Done.")
    response = close(client, cast.oversight, escalation, "Again.", HX_Request="true")
    assert "Closed: Done." in response.content.decode()


def test_closing_a_closed_escalation_names_the_escalation(
    client: Client, cast: Cast, escalation: Escalation
) -> None:
    """GIVEN an escalation the officer closed WHEN oversight closes it again from a stale page
    THEN the refusal is a conflict that speaks of the escalation, not of its trip."""
    close(client, cast.officer, escalation, "Done.")
    response = close(client, cast.oversight, escalation, "Again.")
    assert response.status_code == 409
    content = response.content.decode()
    assert "This escalation is already closed." in content
    assert "this trip" not in content


@pytest.mark.parametrize(
    ("who", "expected"),
    [("traveller", 403), ("colleague", 404), ("other_officer", 404), ("auditor", 403)],
)
def test_those_who_may_not_close_are_refused(
    client: Client, cast: Cast, escalation: Escalation, who: str, expected: int
) -> None:
    response = close(client, getattr(cast, who), escalation, "Closing it.")
    assert response.status_code == expected
    escalation.refresh_from_db()
    assert escalation.resolved_at is None


def test_oversight_closes_too(client: Client, cast: Cast, escalation: Escalation) -> None:
    assert close(client, cast.oversight, escalation, "Embassy confirmed.").status_code == 302
    escalation.refresh_from_db()
    assert escalation.resolved_by == cast.oversight


def test_closing_is_post_only(client: Client, cast: Cast, escalation: Escalation) -> None:
    client.force_login(cast.officer)
    assert client.get(f"/watch/escalations/{escalation.pk}/close/").status_code == 405


# Following up a late report --------------------------------------------------------------------


def follow_up(client: Client, user: User, trip: Trip, note: str, **headers: str):
    client.force_login(user)
    return client.post(
        f"/watch/late-reports/{trip.pk}/follow-up/",
        {f"late-{trip.pk}-note": note},
        headers=headers,
    )


def test_officer_follows_up_a_late_report(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    rome = world["rome"]
    response = follow_up(client, cast.officer, rome, "Spoke to him: the invitation came late.")
    assert response.status_code == 302
    late = Escalation.objects.get(trip=rome, kind=EscalationKind.LATE_REPORT)
    assert late.resolution == "Spoke to him: the invitation came late."
    content = client.get(URL).content.decode()
    assert "Follow-up recorded for “Late report to Rome”." in content
    assert "Late report to Rome" not in section(content, "Late reports awaiting follow-up")


def test_follow_up_needs_a_note(client: Client, cast: Cast, world: dict[str, Trip]) -> None:
    response = follow_up(client, cast.officer, world["rome"], "")
    assert response.status_code == 422
    assert "Say what the follow-up found." in response.content.decode()

    response = follow_up(client, cast.officer, world["rome"], "", HX_Request="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith(f'<li class="watch-item" id="late-{world["rome"].pk}"')
    assert "Say what the follow-up found." in content


def test_htmx_follow_up_returns_the_row(client: Client, cast: Cast, world: dict[str, Trip]) -> None:
    response = follow_up(client, cast.officer, world["rome"], "Fine.", HX_Request="true")
    content = response.content.decode()
    assert "Follow-up recorded" in content
    assert "Italy" in content
    assert "<form" not in content


@pytest.mark.parametrize(
    ("who", "expected"),
    [("traveller", 403), ("colleague", 404), ("other_officer", 404), ("auditor", 403)],
)
def test_those_who_may_not_follow_up_are_refused(
    client: Client, cast: Cast, world: dict[str, Trip], who: str, expected: int
) -> None:
    assert follow_up(client, getattr(cast, who), world["rome"], "Note").status_code == expected
    assert Escalation.objects.open().filter(trip=world["rome"]).exists()


def test_the_watch_list_costs_the_same_however_long(
    client: Client,
    cast: Cast,
    world: dict[str, Trip],
    now: datetime.datetime,
    django_assert_max_num_queries,
) -> None:
    client.force_login(cast.officer)
    with django_assert_max_num_queries(40) as first:
        client.get(URL)
    for day in range(3):
        trip = builders.under_way(
            cast.colleague,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title=f"Away {day}", purpose="conference", starts_in_days=11 + day
            ),
        )
        builders.missed_checkins(trip)
        builders.submitted(
            cast.colleague,
            now,
            builders.Itinerary(title=f"Late {day}", purpose="conference", starts_in_days=2),
        )
        builders.returned(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title=f"Back {day}", purpose="conference", starts_in_days=4 + day, days=1
            ),
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        content = client.get(URL).content.decode()
    abroad = section(content, "Abroad now")
    assert all(f"Away {day}" in abroad for day in range(3))
    assert len(re.findall(r"Back \d", section(content, "Debriefs due and overdue"))) == 3


def test_travellers_abroad_page_across_the_unreachable(
    cast: Cast, world: dict[str, Trip], now: datetime.datetime
) -> None:
    """GIVEN 30 more travellers abroad, 3 of them unreachable, WHEN the section is read a page
    at a time THEN the pages together list everyone abroad once, in the section's order: the
    unreachable first (the page is read from two indexed lists, not one sorted one)."""
    for n in range(30):
        trip = builders.under_way(
            cast.colleague,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title=f"Away {n}", purpose="conference", starts_in_days=10 + n % 5
            ),
        )
        if n % 10 == 0:
            builders.missed_checkins(trip, intervals=2)
    everyone = list(watch.abroad(cast.officer))
    expected = [trip.pk for trip in everyone]
    pages = [watch.abroad_page(cast.officer, str(number)) for number in (1, 2)]
    listed = [trip.pk for page in pages for trip in page]
    assert listed == expected
    assert len(pages[0]) == 25
    flags = [getattr(trip, "unreachable", None) for page in pages for trip in page]
    assert flags == [getattr(trip, "unreachable", None) for trip in everyone]
    assert flags[0] is True
    assert flags[-1] is False
    assert pages[1].paginator.count == len(expected)
    assert [trip.pk for trip in watch.abroad_page(cast.officer, "999")] == listed[25:]
