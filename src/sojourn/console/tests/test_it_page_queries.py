"""The console's lists cost the same number of queries however many rows they hold: the review
queue, the watch list, the debrief queue and the people list, for an officer (one organisation)
and for oversight (every one)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sojourn.conftest import Cast
from sojourn.console.selectors.common import PAGE_SIZE
from sojourn.console.tests import builders
from sojourn.trips import services

PAGES = ["/review/", "/watch/", "/debriefs/", "/people/"]


def trips_of_every_kind(cast: Cast, now: datetime.datetime, n: int) -> None:
    """For the lab's traveller, colleague and a new researcher: a trip to review, one abroad,
    one back home with its debrief owed, one whose debrief is filed; a new robotics engineer's
    trip at the oversight step."""
    engineer = builders.engineer(cast, f"engineer{n}")
    researcher = builders.make_user_in(cast, f"researcher{n}")
    for traveller in (cast.traveller, cast.colleague, researcher):
        name = f"{traveller.username} {n}"
        builders.submitted(traveller, now, title=f"Visit {name}", country="JP")
        builders.in_progress(traveller, cast.officer, now, title=f"Paris {name}", country="FR")
        builders.returned(traveller, cast.officer, now, title=f"Boston {name}", country="US")
        builders.debriefed(traveller, cast.officer, now, title=f"Berlin {name}", country="DE")
    summit = builders.restricted(engineer, now, title=f"Robotics summit {n}")
    services.decide(summit, actor=cast.other_officer, decision="approve", now=now)  # to oversight


def queries(client: Client, user: User, url: str) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["officer", "oversight"])
def test_queries_do_not_grow_with_the_rows(
    client: Client, cast: Cast, now: datetime.datetime, who: str, url: str
) -> None:
    """GIVEN trips of every kind in two organisations, WHEN there are three times as many,
    THEN the page lists more rows at the same number of queries."""
    user = getattr(cast, who)
    trips_of_every_kind(cast, now, 0)
    few, small = queries(client, user, url)

    for n in (1, 2):
        trips_of_every_kind(cast, now, n)
    many, large = queries(client, user, url)

    assert many == few
    assert large.count("<tr") > small.count("<tr")


def test_the_last_page_costs_what_the_first_does(
    client: Client, cast: Cast, now: datetime.datetime
) -> None:
    """GIVEN more travellers than a page holds, THEN their last page is as cheap as the first."""
    for n in range(30):
        builders.make_user_in(cast, f"researcher{n:02}")
    first, content = queries(client, cast.oversight, "/people/")
    last, last_content = queries(client, cast.oversight, "/people/?page=2")
    assert last == first
    assert len(re.findall(r'href="/people/\d+/"', content)) == PAGE_SIZE
    assert 0 < len(re.findall(r'href="/people/\d+/"', last_content)) < PAGE_SIZE
