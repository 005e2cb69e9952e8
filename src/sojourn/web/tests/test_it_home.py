"""The home page of each role: what each one must see, what it must not, at a constant cost."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sojourn.conftest import PASSWORD, Cast
from sojourn.debriefs import filing
from sojourn.testing import builders
from sojourn.testing.builders import SetClock
from sojourn.trips import assessing, services
from sojourn.trips.models import Trip
from sojourn.trips.services import submission

DAY = datetime.timedelta(days=1)
AssertMaxQueries = Callable[..., Any]


def page(client: Client, user: User) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def queries_for_home(client: Client, user: User) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.fixture
def journeys(cast: Cast, now: datetime.datetime, view_clock: SetClock) -> datetime.datetime:
    """The traveller's trips in several states; the pages look at them on 25 March.

    GIVEN on 2 March: a draft, a trip submitted for April, a trip in Paris from 12 to 17 March
    (checked in on the 13th), and a trip to Boston from 10 to 12 March whose debrief was due on
    the 22nd; the colleague has a trip submitted for April too.
    """
    builders.draft(
        cast.traveller,
        now,
        builders.Itinerary(
            title="Draft to Tokyo", purpose="conference", country="JP", city="Tokyo"
        ),
    )
    builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Workshop in Berlin", purpose="conference")
    )
    paris = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Summit in Paris", purpose="conference", country="FR", starts_in_days=10
        ),
    )
    builders.checked_in(paris, builders.at(now.date() + 11 * DAY, 14))
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
    builders.submitted(
        cast.colleague,
        now,
        builders.Itinerary(title="Colleague's visit to Seoul", purpose="conference", country="KR"),
    )
    today = builders.at(datetime.date(2026, 3, 25))
    view_clock(today)
    return today


def test_traveller_sees_what_they_owe_and_their_trips(
    client: Client, cast: Cast, journeys: datetime.datetime
) -> None:
    content = page(client, cast.traveller)
    owe = content[content.index("What I owe") : content.index("My trips")]
    assert "Draft to Tokyo" in owe
    draft = Trip.objects.get(title="Draft to Tokyo")
    assert draft.report_by is not None
    assert draft.report_by.isoformat() in owe  # a draft knows its report-by date already
    assert "Summit in Paris" in owe
    assert "24 hours" in owe
    assert "2026-03-13 14:00" in owe  # the last check-in
    assert "Conference in Boston" in owe
    assert "2026-03-22" in owe
    assert "Overdue" in owe
    assert "Workshop in Berlin" not in owe  # submitted: nothing owed

    mine = content[content.index("My trips") :]
    for title in (
        "Draft to Tokyo",
        "Workshop in Berlin",
        "Summit in Paris",
        "Conference in Boston",
    ):
        assert title in mine
    assert mine.index("In progress") < mine.index("Submitted") < mine.index("Returned")
    assert "Colleague" not in content


def test_colleague_sees_only_their_own_trip(
    client: Client, cast: Cast, journeys: datetime.datetime
) -> None:
    content = page(client, cast.colleague)
    assert "Colleague&#x27;s visit to Seoul" in content
    assert "Summit in Paris" not in content
    assert "Nothing is waiting for you." in content


def test_officer_sees_the_organisation_queues(
    client: Client, cast: Cast, journeys: datetime.datetime, now: datetime.datetime
) -> None:
    builders.submitted(
        cast.colleague,
        now,
        builders.Itinerary(title="Late report to Rome", purpose="conference", starts_in_days=0),
    )
    content = page(client, cast.officer)
    queue = content[content.index("Trips to review") : content.index("Abroad now")]
    # Sorted by departure: both leave on 1 April, then by id.
    assert queue.index("Workshop in Berlin") < queue.index("Colleague&#x27;s visit to Seoul")
    assert ">reviewed<" in queue
    abroad = content[content.index("Abroad now") : content.index("Debriefs to review")]
    assert "Summit in Paris" in abroad
    assert "Late report to Rome" in abroad
    start = content.index("Overdue debriefs")
    overdue = content[start : content.index("Reported late", start)]
    assert "Conference in Boston" in overdue
    late = content[content.index("Reported late", start) :]
    assert "Late report to Rome" in late
    assert "2026-03-05" in late  # follow up within three days


def test_officer_of_another_organisation_sees_none_of_it(
    client: Client, cast: Cast, journeys: datetime.datetime
) -> None:
    content = page(client, cast.other_officer)
    for title in ("Workshop in Berlin", "Summit in Paris", "Conference in Boston", "Seoul"):
        assert title not in content
    assert "No trips are waiting for review." in content


def test_officer_sees_debriefs_to_review(
    client: Client, cast: Cast, now: datetime.datetime, view_clock: SetClock
) -> None:
    from sojourn.debriefs.services import save_draft

    trip = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Expo in Lyon", purpose="conference", days=2),
    )
    filed = builders.at(now.date() + 33 * DAY)
    save_draft(trip, actor=cast.traveller, now=filed, summary="Met two labs.")
    filing.submit_debrief(trip, actor=cast.traveller, now=filed)
    view_clock(filed)
    content = page(client, cast.officer)
    section = content[content.index("Debriefs to review") : content.index("Overdue debriefs")]
    assert "Expo in Lyon" in section
    assert "2026-04-04 09:00" in section


def test_oversight_sees_counts_and_its_own_step(
    client: Client,
    cast: Cast,
    journeys: datetime.datetime,
    now: datetime.datetime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a policy whose chain ends with oversight (the lab's test pack stops at officers)
    def two_steps(trip: Any, *, today: datetime.date) -> Any:
        return dataclasses.replace(
            assessing.assess(trip, today=today), approvals=("org_security", "oversight")
        )

    monkeypatch.setattr(submission, "assess", two_steps)
    trip = builders.submitted(
        cast.colleague,
        now,
        builders.Itinerary(title="Delegation to Washington", purpose="conference", country="US"),
    )

    # WHEN the officer has not decided yet THEN it is not oversight's turn
    content = page(client, cast.oversight)
    waiting = content[content.index("Awaiting the oversight step") : content.index("Abroad now")]
    assert "Delegation to Washington" not in waiting

    # WHEN the officer approves THEN it waits for oversight
    services.decide(trip, actor=cast.officer, decision="approve", now=now)
    content = page(client, cast.oversight)
    waiting = content[content.index("Awaiting the oversight step") : content.index("Abroad now")]
    assert "Delegation to Washington" in waiting

    orgs = content[content.index("Organisations") : content.index("Awaiting the oversight step")]
    lab = orgs[orgs.index(">Lab<") :]
    # Lab: Berlin, Seoul and Washington submitted; Paris in progress; Boston overdue.
    assert [cell.split("<")[0] for cell in lab.split('class="num">')[1:4]] == ["3", "1", "1"]
    assert ">Robo<" in orgs
    assert "Summit in Paris" in content[content.index("Abroad now") :]


def test_auditor_sees_the_audit_feed_and_counts(
    client: Client, cast: Cast, journeys: datetime.datetime
) -> None:
    content = page(client, cast.auditor)
    assert "<code>trip.submitted</code>" in content
    assert "<code>checkin.recorded</code>" in content
    paris = Trip.objects.get(title="Summit in Paris")
    assert f'href="/trips/{paris.pk}/"><code>trips.trip:{paris.pk}</code>' in content
    counts = content[content.index("Trips by status") : content.index("Latest audit events")]
    submitted = counts[counts.index(">Submitted<") :]
    assert submitted.split('class="num">')[1].startswith("2<")


def test_admin_without_profile_gets_the_admin_link(client: Client, db: None) -> None:
    admin = User.objects.create_superuser("root", "root@example.test", PASSWORD)
    content = page(client, admin)
    assert 'href="/admin/"' in content
    assert "Administrator" in content


def test_account_without_role_sees_whom_to_contact_and_no_data(
    client: Client, cast: Cast, journeys: datetime.datetime
) -> None:
    nobody = User.objects.create_user("nobody", password=PASSWORD)
    content = page(client, nobody)
    assert "Your account has no Sojourn role" in content
    assert "security officer or the Sojourn administrator" in content
    assert "Summit in Paris" not in content
    assert "Workshop in Berlin" not in content


def test_header_shows_name_role_language_and_logout(client: Client, cast: Cast) -> None:
    content = page(client, cast.officer)
    assert 'class="account__name">Officer<' in content
    assert 'class="account__role">Security officer<' in content
    assert 'action="/i18n/setlang/"' in content
    assert "简体中文" in content
    assert 'action="/logout/"' in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_pages_have_no_inline_script_or_style(
    client: Client, cast: Cast, journeys: datetime.datetime
) -> None:
    """Scripts only from our own static files, never inline, so a strict CSP can hold."""
    for user in (cast.traveller, cast.officer, cast.oversight, cast.auditor):
        content = page(client, user)
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", content, flags=re.S)
        assert scripts == [""]  # one script element, with a src and no body
        assert re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", content) == [
            "/static/vendor/htmx/htmx.min.js"
        ]
        assert "style=" not in content
        assert "<style" not in content


def one_of_each(cast: Cast, now: datetime.datetime, n: int) -> None:
    """One trip in every state a home page lists, for the traveller and for the colleague."""
    for traveller in (cast.traveller, cast.colleague):
        name = traveller.username
        builders.draft(
            traveller, now, builders.Itinerary(title=f"Draft {name} {n}", purpose="conference")
        )
        builders.submitted(
            traveller,
            now,
            builders.Itinerary(title=f"Visit {name} {n}", purpose="conference", country="JP"),
        )
        builders.submitted(
            traveller,
            now,
            builders.Itinerary(title=f"Late {name} {n}", purpose="conference", starts_in_days=0),
        )
        paris = builders.under_way(
            traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title=f"Paris {name} {n}", purpose="conference", starts_in_days=10 + n
            ),
        )
        builders.checked_in(paris, builders.at(now.date() + 15 * DAY))
        builders.returned(
            traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title=f"Boston {name} {n}", purpose="conference", starts_in_days=8, days=1
            ),
        )


def test_query_count_does_not_grow_with_trips(
    client: Client, cast: Cast, now: datetime.datetime, view_clock: SetClock
) -> None:
    """GIVEN one trip in each listed state, WHEN there are four of each, THEN no home (the
    traveller's, the officer's, oversight's, the auditor's) costs more queries. One world
    serves the four homes: building it is most of the test's time."""
    view_clock(builders.at(datetime.date(2026, 3, 25)))
    homes = ("traveller", "officer", "oversight", "auditor")
    one_of_each(cast, now, 0)
    one_trip_each = {who: queries_for_home(client, getattr(cast, who)) for who in homes}

    for n in range(1, 4):
        one_of_each(cast, now, n)
    four_each = {who: queries_for_home(client, getattr(cast, who)) for who in homes}

    grown = {who: (one_trip_each[who], four_each[who]) for who in homes}
    assert {who: n for who, n in grown.items() if n[1] > n[0]} == {}
    client.force_login(cast.officer)
    assert "Paris" in client.get("/").content.decode()


def test_escalations_show_on_the_dashboards_and_the_unreachable_first(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN a traveller abroad who has been silent for two check-in intervals
    WHEN the worker passes THEN the officer's and oversight's homes list what needs attention,
    and mark the traveller unreachable in the abroad list; the other officer sees nothing."""
    from sojourn.care.worker import run_pass

    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Silent in Berlin", purpose="conference", starts_in_days=10
        ),
    )
    assert trip.checkin_due_at is not None
    run_pass(trip.checkin_due_at + datetime.timedelta(hours=27))

    officer = page(client, cast.officer)
    attention = officer[officer.index("Needs attention") : officer.index("Trips to review")]
    assert "Unreachable" in attention
    assert "Check-in missed" in attention
    assert "Silent in Berlin" in attention
    abroad = officer[officer.index("Abroad now") :]
    assert "Unreachable" in abroad

    oversight = page(client, cast.oversight)
    assert "Silent in Berlin" in oversight[oversight.index("Needs attention") :]

    other = page(client, cast.other_officer)
    assert "Silent in Berlin" not in other
    assert "Nothing needs attention." in other
