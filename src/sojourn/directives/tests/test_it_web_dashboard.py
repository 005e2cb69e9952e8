"""The oversight dashboard: who may open it, what its charts count, and what it costs."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sojourn.conftest import Cast
from sojourn.people.models import Position
from sojourn.testing import builders
from sojourn.testing.builders import SetClock

URL = "/oversight/"
# The pages look at the world on 15 June 2026; the trips were all submitted on 2 March.
TODAY = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)
AssertMaxQueries = Callable[..., Any]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", 404),
        ("colleague", 404),
        ("officer", 404),
        ("other_officer", 404),
        ("oversight", 200),
        ("auditor", 200),
    ],
)
def test_only_oversight_and_auditors_see_the_dashboard(
    client: Client, cast: Cast, who: str, expected: int
) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(URL)
    assert response.status_code == expected
    if expected == 200:
        assert "no-store" in response["Cache-Control"]
        assert "Oversight dashboard" in response.content.decode()


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


@pytest.fixture
def robo_traveller(cast: Cast) -> User:
    return builders.traveller("robo_traveller", organisation=cast.robo, position=Position.EXECUTIVE)


@pytest.fixture
def world(cast: Cast, now: datetime.datetime, robo_traveller: User, view_clock: SetClock) -> None:
    """GIVEN, all submitted on 2 March: Berlin (lab, departs 1 April), a late report to Berlin
    (lab, departs 5 March), a trip back from Berlin whose debrief is overdue (lab, 12 March),
    a trip to Paris under way on 15 June (lab), a holiday in Chile approved automatically
    (robo, standard tier, 22 March), and a draft that counts nowhere."""
    builders.submitted(cast.traveller, now, builders.Itinerary(title="Workshop in Berlin"))
    builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Late to Berlin", starts_in_days=3)
    )
    builders.returned(
        cast.colleague,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Back", starts_in_days=10, days=2),
    )
    builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Paris", country="FR", starts_in_days=100),
    )
    builders.submitted(
        robo_traveller, now, builders.Itinerary(title="Chile", country="CL", starts_in_days=20)
    )
    builders.draft(cast.colleague, now, builders.Itinerary(title="Draft", starts_in_days=40))
    view_clock(TODAY)


def content_of(client: Client, user: User) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def section(content: str, title: str) -> str:
    start = content.index(f">{title}</h2>")
    end = content.find('<section class="card"', start)
    return content[start : end if end != -1 else len(content)]


def cells(table_row: str) -> list[str]:
    return [cell.strip() for cell in re.findall(r'<td class="num">([^<]*)</td>', table_row)]


def row(content: str, header: str) -> str:
    start = content.index(f'<th scope="row">{header}</th>')
    return content[start : content.index("</tr>", start)]


def test_trips_per_month_by_tier_counts_reported_trips_by_departure(
    client: Client, cast: Cast, world: None
) -> None:
    content = section(content_of(client, cast.oversight), "Trips per month by tier")
    # The legend: tiers by their totals, each drawn with its own hatching.
    assert 'fill="url(#tier-pattern-0)"' in content
    assert re.search(r"reviewed <span class=\"count\">\(4\)</span>", content)
    assert re.search(r"Standard <span class=\"count\">\(1\)</span>", content)
    # The data table: columns reviewed, standard, total; twelve months ending in June 2026.
    months = re.findall(r'<th scope="row">(\d{4}-\d{2})</th>', content)
    assert months[0] == "2025-07"
    assert months[-1] == "2026-06"
    assert len(months) == 12
    assert cells(row(content, "2026-03")) == ["2", "1", "3"]
    assert cells(row(content, "2026-04")) == ["1", "0", "1"]
    assert cells(row(content, "2026-06")) == ["1", "0", "1"]
    assert cells(row(content, "2026-05")) == ["0", "0", "0"]
    # Readable without colour: a title, axis titles, and the totals written above the bars.
    assert '<title id="tiers-svg-title">Trips per month by tier</title>' in content
    assert "Month of departure" in content
    assert ">Trips</text>" in content


def test_on_time_rate_is_the_share_of_submissions_not_reported_late(
    client: Client, cast: Cast, world: None
) -> None:
    content = section(content_of(client, cast.oversight), "On-time reporting rate")
    # March: five trips submitted, one of them late.
    assert cells(row(content, "2026-03")) == ["5", "4", "1", "80%"]
    assert "—" in row(content, "2026-04")
    assert '<circle class="chart__marker"' in content
    assert ">80</text>" in content  # the value written above its marker
    assert "Month of submission" in content


def test_overdue_debriefs_per_organisation(client: Client, cast: Cast, world: None) -> None:
    content = section(content_of(client, cast.oversight), "Overdue debriefs per organisation")
    assert cells(row(content, "Lab")) == ["1"]
    assert cells(row(content, "Robo")) == ["0"]
    # Drawn with its name written next to the bar; a zero has no bar.
    assert '<text class="chart__label"' in content
    assert ">Lab</text>" in content
    assert ">Robo</text>" not in content


def test_travellers_abroad_by_country_in_the_page_language(
    client: Client, cast: Cast, world: None
) -> None:
    content = section(content_of(client, cast.oversight), "Travellers abroad now, by country")
    assert '<th scope="row">France</th><td><code>FR</code></td><td class="num">1</td>' in content

    client.cookies["django_language"] = "zh-hans"
    chinese = content_of(client, cast.oversight)
    assert "<code>FR</code>" in chinese
    assert "法国" in chinese


def test_an_empty_world_draws_no_chart_but_says_so(client: Client, cast: Cast) -> None:
    content = content_of(client, cast.auditor)
    assert "No trips departed in the last twelve months." in content
    assert "No trips were submitted in the last twelve months." in content
    assert "No debrief is overdue." in content
    assert "Nobody is travelling right now." in content


def test_the_dashboard_costs_the_same_queries_for_more_trips(
    client: Client,
    cast: Cast,
    world: None,
    now: datetime.datetime,
    robo_traveller: User,
    django_assert_max_num_queries: AssertMaxQueries,
) -> None:
    client.force_login(cast.oversight)
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(12) as before:
        client.get(URL)
    for n in range(6):
        builders.submitted(robo_traveller, now, builders.Itinerary(title=f"More {n}", country="CL"))
        builders.returned(
            cast.colleague,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(title=f"Back {n}", days=1),
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(URL)
