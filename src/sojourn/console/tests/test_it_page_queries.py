"""The console's lists cost the same number of queries however many rows they hold: the review
queue, the watch list, the debrief queue and the people list, for an officer (one organisation)
and for oversight (every one). The people list pages by keyset: a deep page costs what the
first does."""

from __future__ import annotations

import datetime
import html
import re

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sojourn.conftest import Cast
from sojourn.console.selectors.common import PAGE_SIZE
from sojourn.testing import builders
from sojourn.trips import services

PAGES = ["/review/", "/watch/", "/debriefs/", "/people/"]


def trips_of_every_kind(cast: Cast, now: datetime.datetime, n: int) -> None:
    """For the lab's traveller, colleague and a new researcher: a trip to review, one abroad,
    one back home with its debrief owed, one whose debrief is filed; a new robotics engineer's
    trip at the oversight step."""
    engineer = builders.traveller(f"engineer{n}", organisation=cast.robo)
    researcher = builders.traveller(f"researcher{n}", organisation=cast.lab)
    for traveller in (cast.traveller, cast.colleague, researcher):
        name = f"{traveller.username} {n}"
        builders.submitted(
            traveller,
            now,
            builders.Itinerary(title=f"Visit {name}", purpose="conference", country="JP"),
        )
        builders.under_way(
            traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(title=f"Paris {name}", purpose="conference", country="FR"),
        )
        builders.returned(
            traveller,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title=f"Boston {name}", purpose="conference", country="US"
            ),
        )
        builders.file_debrief(
            builders.returned(
                traveller,
                now,
                reviewers=[cast.officer],
                itinerary=builders.Itinerary(
                    title=f"Berlin {name}", purpose="conference", country="DE"
                ),
            )
        )
    summit = builders.submitted(engineer, now, builders.summit(title=f"Robotics summit {n}"))
    services.decide(summit, actor=cast.other_officer, decision="approve", now=now)  # to oversight


def queries(client: Client, user: User, url: str) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_queries_do_not_grow_with_the_rows(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN trips of every kind in two organisations, WHEN there are three times as many,
    THEN every list, for an officer and for oversight, lists more rows at the same number of
    queries. One world serves the eight pages: building it is most of the test's time."""
    pages = [(who, url) for who in ("officer", "oversight") for url in PAGES]
    trips_of_every_kind(cast, now, 0)
    few = {page: queries(client, getattr(cast, page[0]), page[1]) for page in pages}

    for n in (1, 2):
        trips_of_every_kind(cast, now, n)
    many = {page: queries(client, getattr(cast, page[0]), page[1]) for page in pages}

    grown = {page: (few[page][0], many[page][0]) for page in pages if many[page][0] != few[page][0]}
    assert grown == {}
    not_longer = [page for page in pages if many[page][1].count("<tr") <= few[page][1].count("<tr")]
    assert not_longer == []


def link(content: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', content)
    return html.unescape(found.group(1)) if found else None


def test_the_last_page_costs_what_the_first_does(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN more travellers than a page holds, WHEN oversight follows Next and then Previous,
    THEN each page costs what the first does, the second lists the rest and the way back
    lists the first page again."""
    for n in range(30):
        builders.traveller(f"researcher{n:02}", organisation=cast.lab)
    first, content = queries(client, cast.oversight, "/people/")
    following = link(content, "next")
    assert following is not None
    assert link(content, "prev") is None
    last, last_content = queries(client, cast.oversight, f"/people/{following}")
    assert last == first
    people = re.findall(r'href="/people/\d+/"', content)
    assert len(people) == PAGE_SIZE
    rest = re.findall(r'href="/people/\d+/"', last_content)
    assert 0 < len(rest) < PAGE_SIZE
    assert not set(rest) & set(people)
    assert link(last_content, "next") is None

    back = link(last_content, "prev")
    assert back is not None
    again, back_content = queries(client, cast.oversight, f"/people/{back}")
    assert again == first
    assert re.findall(r'href="/people/\d+/"', back_content) == people
