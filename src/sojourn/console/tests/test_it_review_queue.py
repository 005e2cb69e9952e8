"""The review queue: the officer's step for their organisation, oversight's final step for all,
sorted by departure then risk, filtered and counted, at a constant cost."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sojourn.conftest import Cast
from sojourn.console.selectors import common
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.models import Trip

URL = "/review/"
AssertMaxQueries = Callable[..., Any]


def content_of(client: Client, user: User, url: str = URL, **headers: str) -> str:
    client.force_login(user)
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def titles(content: str) -> list[str]:
    """The trip titles in the queue's rows, in order."""
    return re.findall(r'<a href="/review/\d+/">([^<]+)</a>', content)


@pytest.fixture
def queue(cast: Cast, now: datetime.datetime) -> dict[str, Trip]:
    """GIVEN the lab's queue: a late report to Rome leaving in 3 days (a late_report finding), a
    workshop in Berlin in 30 days, the colleague's visit to Seoul in 30 days too; the robotics
    company's trip to the US is at the officer's step of its own organisation."""
    trips = {
        "rome": builders.submitted(
            cast.traveller,
            now,
            builders.Itinerary(
                title="Late report to Rome", purpose="conference", country="IT", starts_in_days=3
            ),
        ),
        "berlin": builders.submitted(
            cast.traveller,
            now,
            builders.Itinerary(title="Workshop in Berlin", purpose="conference"),
        ),
        "seoul": builders.submitted(
            cast.colleague,
            now,
            builders.Itinerary(
                title="Visit to Seoul", purpose="conference", country="KR", city="Seoul"
            ),
        ),
    }
    trips["us"] = builders.submitted(
        builders.traveller("engineer", organisation=cast.robo),
        now,
        builders.summit(title="Summit in Boston"),
    )
    return trips


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 403),
        ("colleague", 403),
        ("officer", 200),
        ("other_officer", 200),
        ("oversight", 200),
        ("auditor", 403),
    ],
)
def test_who_may_open_the_queue(client: Client, cast: Cast, who: str, expected: int) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(URL)
    assert response.status_code == expected
    if expected == 403:
        assert "This page is for security officers and oversight." in response.content.decode()


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_officer_sees_their_organisation_by_departure(
    client: Client, cast: Cast, queue: dict[str, Trip]
) -> None:
    content = content_of(client, cast.officer)
    # Berlin and Seoul leave the same day at the same risk: the earlier report first.
    assert titles(content) == ["Late report to Rome", "Workshop in Berlin", "Visit to Seoul"]
    assert "Summit in Boston" not in content
    assert "3 trips to decide" in content
    # Each row: localised destinations, tier, finding worded with its severity, the late badge.
    assert "Italy" in content
    assert "South Korea" in content
    assert '<li title="late_report">' in content
    assert "Warning" in content
    assert "Reported late" in content


def finding_texts(content: str) -> list[str]:
    """The visible text of each finding in the queue's rows."""
    return re.findall(r'<span class="finding__message">([^<]+)</span>', content)


@pytest.mark.parametrize(
    ("language", "wording", "label"),
    [
        ("en", "after the last day to report", "Late report"),
        ("zh-hans", "晚于报备截止日", "逾期报备"),
    ],
)
def test_findings_are_worded_in_the_readers_language(
    client: Client,
    cast: Cast,
    queue: dict[str, Trip],
    language: str,
    wording: str,
    label: str,
) -> None:
    client.cookies["django_language"] = language
    content = content_of(client, cast.officer)
    texts = finding_texts(content)
    assert len(texts) == 1
    assert wording in texts[0]
    assert "late_report" not in texts[0]
    # The code stays at hand for whoever needs it, out of the visible text.
    assert '<li title="late_report">' in content
    assert ">late_report<" not in content
    assert f'<option value="late_report">{label} (1)</option>' in content


def test_same_departure_puts_the_riskier_trip_first(
    client: Client, cast: Cast, queue: dict[str, Trip]
) -> None:
    Trip.objects.filter(pk=queue["seoul"].pk).update(risk_score=90)
    Trip.objects.filter(pk=queue["berlin"].pk).update(risk_score=10)
    assert titles(content_of(client, cast.officer)) == [
        "Late report to Rome",
        "Visit to Seoul",
        "Workshop in Berlin",
    ]
    Trip.objects.filter(pk=queue["berlin"].pk).update(risk_score=95)
    assert titles(content_of(client, cast.officer))[1] == "Workshop in Berlin"


def test_officer_of_the_other_organisation_sees_only_theirs(
    client: Client, cast: Cast, queue: dict[str, Trip]
) -> None:
    assert titles(content_of(client, cast.other_officer)) == ["Summit in Boston"]


def test_oversight_sees_only_trips_at_its_step_across_organisations(
    client: Client, cast: Cast, queue: dict[str, Trip], now: datetime.datetime
) -> None:
    content = content_of(client, cast.oversight)
    assert titles(content) == []
    assert "Final approvals" in content

    # WHEN the robotics officer approves their step, THEN the trip reaches oversight.
    services.decide(queue["us"], actor=cast.other_officer, decision="approve", now=now)
    content = content_of(client, cast.oversight)
    assert titles(content) == ["Summit in Boston"]
    assert "Robo" in content  # the organisation column, for oversight
    assert "Summit in Boston" not in content_of(client, cast.other_officer)


def test_filters_narrow_the_rows_and_count_each_value(
    client: Client, cast: Cast, queue: dict[str, Trip]
) -> None:
    content = content_of(client, cast.officer, f"{URL}?finding=late_report")
    assert titles(content) == ["Late report to Rome"]
    assert "1 of 3 trips matches" in content
    assert '<option value="late_report" selected>Late report (1)</option>' in content
    assert '<option value="any">Any finding (1)</option>' in content
    assert '<option value="none">No findings (2)</option>' in content
    # The traveller facet counts within the finding filter: the traveller has one such trip.
    assert f'<option value="{cast.traveller.pk}">Traveller (1)</option>' in content

    content = content_of(client, cast.officer, f"{URL}?finding=none")
    assert sorted(titles(content)) == ["Visit to Seoul", "Workshop in Berlin"]

    content = content_of(client, cast.officer, f"{URL}?traveller_id={cast.colleague.pk}")
    assert titles(content) == ["Visit to Seoul"]

    content = content_of(client, cast.officer, f"{URL}?tier=reviewed")
    assert len(titles(content)) == 3
    assert '<option value="reviewed" selected>reviewed (3)</option>' in content

    content = content_of(client, cast.officer, f"{URL}?route=review")
    assert len(titles(content)) == 3
    assert '<option value="review" selected>Review (3)</option>' in content

    content = content_of(client, cast.officer, f"{URL}?tier=restricted")
    assert titles(content) == []
    assert "No trip in the queue matches these filters." in content


def test_a_filter_value_that_does_not_parse_is_ignored(
    client: Client, cast: Cast, queue: dict[str, Trip]
) -> None:
    content = content_of(client, cast.officer, f"{URL}?traveller_id=nobody")
    assert len(titles(content)) == 3


def test_htmx_gets_the_queue_alone(client: Client, cast: Cast, queue: dict[str, Trip]) -> None:
    content = content_of(client, cast.officer, f"{URL}?finding=any", HX_Request="true")
    assert content.lstrip().startswith('<div id="queue"')
    assert "<html" not in content
    assert titles(content) == ["Late report to Rome"]
    # Restoring history asks for the whole page.
    full = content_of(
        client, cast.officer, URL, HX_Request="true", HX_History_Restore_Request="true"
    )
    assert "<html" in full


def test_trips_under_way_with_a_reopened_chain_are_in_the_queue(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris", purpose="conference"),
    )
    assert trip.starts_on is not None
    builders.reopened(trip, builders.at(trip.starts_on, 12))
    content = content_of(client, cast.officer)
    assert titles(content) == ["Summit in Paris"]
    assert "Needs re-approval" in content
    assert "Under way" in content


def test_the_queue_pages(
    client: Client, cast: Cast, now: datetime.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "PAGE_SIZE", 2)
    for day in (10, 11, 12):
        builders.submitted(
            cast.traveller,
            now,
            builders.Itinerary(title=f"Trip {day}", purpose="conference", starts_in_days=day),
        )
    first = content_of(client, cast.officer, f"{URL}?finding=none")
    assert titles(first) == ["Trip 10", "Trip 11"]
    assert "Page 1 of 2" in first
    assert 'href="?finding=none&amp;page=2"' in first
    second = content_of(client, cast.officer, f"{URL}?finding=none&page=2")
    assert titles(second) == ["Trip 12"]


def test_the_queue_costs_the_same_however_long(
    client: Client,
    cast: Cast,
    now: datetime.datetime,
    django_assert_max_num_queries: AssertMaxQueries,
) -> None:
    builders.submitted(cast.traveller, now, builders.Itinerary(title="First", purpose="conference"))
    client.force_login(cast.officer)
    with django_assert_max_num_queries(8) as one:
        client.get(URL)
    for day in range(12):
        builders.submitted(
            cast.colleague,
            now,
            builders.Itinerary(title=f"More {day}", purpose="conference", starts_in_days=20 + day),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        content = client.get(URL).content.decode()
    assert len(titles(content)) == 13
