"""A home page lists the first rows of each list and says when more follow, linking to the
console page that lists them all: no home page grows with the organisation."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.web import home_selectors


@pytest.fixture
def three_abroad(cast: Cast, now: datetime.datetime) -> None:
    """GIVEN three trips under way and three submitted, and home pages that show two rows."""
    for n in range(3):
        builders.under_way(
            cast.traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(title=f"Paris {n}", purpose="conference", country="FR"),
        )
        builders.submitted(
            cast.colleague,
            now,
            builders.Itinerary(title=f"Visit {n}", purpose="conference", country="JP"),
        )


def section(content: str, title_id: str) -> str:
    start = content.index(f'id="{title_id}"')
    return content[start : content.index("</section>", start)]


def test_the_officer_sees_the_first_rows_and_a_way_to_the_rest(
    client: Client, cast: Cast, three_abroad: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home_selectors, "HOME_ROWS", 2)
    client.force_login(cast.officer)
    content = client.get("/").content.decode()

    abroad = section(content, "abroad-title")
    assert len(re.findall(r'href="/trips/\d+/"', abroad)) == 2
    assert "(2+)" in abroad
    assert 'href="/watch/"' in abroad
    queue = section(content, "queue-title")
    assert len(re.findall(r'href="/trips/\d+/"', queue)) == 2
    assert "(2+)" in queue
    assert 'href="/review/"' in queue


def test_a_list_that_fits_says_nothing_more(
    client: Client, cast: Cast, three_abroad: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home_selectors, "HOME_ROWS", 3)
    client.force_login(cast.oversight)
    abroad = section(client.get("/").content.decode(), "abroad-title")
    assert len(re.findall(r'href="/trips/\d+/"', abroad)) == 3
    assert "(3)" in abroad
    assert "see them all" not in abroad


def test_a_traveller_of_many_trips_sees_the_most_recent_of_each_status_and_their_number(
    client: Client, cast: Cast, now: datetime.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN four drafts leaving in 10, 20, 30 and 40 days, and a home page of two rows."""
    for days in (10, 20, 30, 40):
        builders.draft(
            cast.traveller,
            now,
            builders.Itinerary(
                title=f"Draft in {days} days", purpose="conference", starts_in_days=days
            ),
        )
    monkeypatch.setattr(home_selectors, "HOME_ROWS", 2)
    client.force_login(cast.traveller)
    content = client.get("/").content.decode()

    mine = section(content, "trips-title")
    assert "(4)" in mine
    assert "Draft in 30 days" in mine
    assert "Draft in 40 days" in mine
    assert "Draft in 10 days" not in mine
    assert "The 2 most recent are shown; the CSV export lists them all." in mine
    assert 'href="/exports/trips.csv?scope=mine"' in mine


def test_the_traveller_home_costs_the_same_queries_for_many_trips_as_for_few(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.traveller)
    builders.draft(cast.traveller, now, builders.Itinerary(title="First", purpose="conference"))
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    for n in range(6):
        builders.draft(
            cast.traveller,
            now,
            builders.Itinerary(title=f"More {n}", purpose="conference", starts_in_days=40 + n),
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get("/").status_code == 200
    assert len(many) == len(few)
