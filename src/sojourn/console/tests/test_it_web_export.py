"""The web's "Export CSV" links: each list of trips downloads with its filters applied, for the
roles that may open its page, holding exactly the trips the page lists to that person."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import User
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.models import Trip

# The web tests' settable clock for the views, under the same name.

URL = "/exports/trips.csv"
TITLE_LINK = re.compile(r'<a href="/(?:trips|review|debriefs)/\d+/">([^<]+)</a>')


@pytest.fixture
def world(cast: Cast, now: datetime.datetime, view_clock) -> dict[str, Trip]:
    """GIVEN on 2 March: the traveller abroad in Paris (silent), a late report to Rome waiting
    for review, a draft to Oslo and a debriefed talk in Vienna; the colleague abroad in Berlin,
    waiting for review on a visit to Seoul, and back from Boston with the debrief owed; two
    robotics trips, one at its officer's step and one approved by him, now at oversight's. The
    pages look on 25 March."""
    engineer = builders.traveller("engineer", organisation=cast.robo)
    paris = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Summit in Paris", purpose="conference", country="FR", starts_in_days=10
        ),
    )
    builders.missed_checkins(paris, intervals=2)
    trips = {
        "paris": paris,
        "rome": builders.submitted(
            cast.traveller,
            now,
            builders.Itinerary(
                title="Late report to Rome", purpose="conference", country="IT", starts_in_days=3
            ),
        ),
        "oslo": builders.draft(
            cast.traveller,
            now,
            builders.Itinerary(title="Draft to Oslo", purpose="conference", country="NO"),
        ),
        "vienna": builders.file_debrief(
            builders.returned(
                cast.traveller,
                now,
                reviewers=[cast.officer],
                itinerary=builders.Itinerary(
                    title="Talk in Vienna", purpose="conference", starts_in_days=2, days=2
                ),
            )
        ),
        "berlin": builders.under_way(
            cast.colleague,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title="Visit to Berlin", purpose="conference", starts_in_days=9, days=30
            ),
        ),
        "seoul": builders.submitted(
            cast.colleague,
            now,
            builders.Itinerary(
                title="Visit to Seoul", purpose="conference", country="KR", city="Seoul"
            ),
        ),
        "boston": builders.returned(
            cast.colleague,
            now,
            reviewers=[cast.officer],
            itinerary=builders.Itinerary(
                title="Conference in Boston", purpose="conference", country="US", days=2
            ),
        ),
        "detroit": builders.submitted(
            engineer, now, builders.summit(title="Robotics fair in Detroit")
        ),
    }
    boston = builders.submitted(engineer, now, builders.summit(title="Robotics summit in Boston"))
    trips["boston_robo"] = services.decide(
        boston, actor=cast.other_officer, decision="approve", now=now
    )
    view_clock(builders.at(datetime.date(2026, 3, 25)))
    return trips


def body(response: HttpResponseBase) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]


def export(client: Client, user: User, query: str) -> list[list[str]]:
    client.force_login(user)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))[1:]


def exported_titles(client: Client, user: User, query: str) -> list[str]:
    return [row[1] for row in export(client, user, query)]


def page_titles(client: Client, user: User, url: str, heading: str) -> list[str]:
    """The trip titles listed in one section of a page, with its export link's query."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    start = content.index(f'id="{heading}"')
    section = content[start : content.find("</section>", start)]
    return TITLE_LINK.findall(section)


def export_link(client: Client, user: User, url: str) -> list[str]:
    client.force_login(user)
    content = client.get(url).content.decode()
    return [
        link.replace("&amp;", "&")
        for link in re.findall(r'href="/exports/trips\.csv\?([^"]*)" download', content)
    ]


# The export equals the page ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "page", "heading", "query", "expected"),
    [
        ("traveller", "/", "trips-title", "scope=mine", {"paris", "rome", "oslo", "vienna"}),
        ("colleague", "/", "trips-title", "scope=mine", {"berlin", "seoul", "boston"}),
        ("officer", "/review/", "queue-title", "scope=review", {"rome", "seoul"}),
        ("other_officer", "/review/", "queue-title", "scope=review", {"detroit"}),
        ("oversight", "/review/", "queue-title", "scope=review", {"boston_robo"}),
        ("officer", "/watch/", "abroad-title", "scope=abroad", {"paris", "berlin"}),
        ("other_officer", "/watch/", "abroad-title", "scope=abroad", set()),
        ("oversight", "/watch/", "abroad-title", "scope=abroad", {"paris", "berlin"}),
        ("auditor", "/watch/", "debriefs-title", "scope=debriefs-owed", {"boston"}),
        ("officer", "/watch/", "late-title", "scope=late", {"rome"}),
        ("officer", "/debriefs/", "to-review-title", "scope=debriefs", {"vienna"}),
        ("other_officer", "/debriefs/", "to-review-title", "scope=debriefs", set()),
    ],
)
def test_the_export_lists_what_the_page_lists(
    client: Client,
    cast: Cast,
    world: dict[str, Trip],
    who: str,
    page: str,
    heading: str,
    query: str,
    expected: set[str],
) -> None:
    user = getattr(cast, who)
    titles = {world[name].title for name in expected}

    shown = page_titles(client, user, page, heading)
    exported = exported_titles(client, user, query)

    assert set(shown) == titles
    assert sorted(exported) == sorted(shown)
    if expected:
        assert query in export_link(client, user, page)


def test_the_person_record_exports_their_trips_but_drafts(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    page = f"/people/{cast.traveller.pk}/"
    query = f"scope=person&person_id={cast.traveller.pk}"

    for reader in (cast.officer, cast.oversight, cast.auditor):
        shown = page_titles(client, reader, page, "trips-title")
        assert sorted(exported_titles(client, reader, query)) == sorted(shown)
        assert set(shown) == {"Summit in Paris", "Late report to Rome", "Talk in Vienna"}
    assert export_link(client, cast.officer, page) == [query]


def test_the_review_queue_exports_with_its_filters_in_its_order(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    """GIVEN the lab's queue WHEN the officer filters it THEN the export link carries the
    filters and the file lists the filtered queue in the page's order."""
    for filters, expected in [
        ("finding=late_report", ["Late report to Rome"]),
        (f"traveller_id={cast.colleague.pk}", ["Visit to Seoul"]),
        ("finding=none", ["Visit to Seoul"]),
        ("tier=no-such-tier", []),
        ("traveller_id=not-a-number", ["Late report to Rome", "Visit to Seoul"]),
        ("", ["Late report to Rome", "Visit to Seoul"]),
    ]:
        page = f"/review/?{filters}"
        assert page_titles(client, cast.officer, page, "queue-title") == expected
        assert exported_titles(client, cast.officer, f"scope=review&{filters}") == expected
        if expected and filters:
            assert export_link(client, cast.officer, page) == [f"scope=review&{filters}"]


def test_every_trip_export_is_scoped_to_the_reader(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    lab = {trip.title for name, trip in world.items() if name not in {"detroit", "boston_robo"}}
    robo = {"Robotics fair in Detroit", "Robotics summit in Boston"}

    assert set(exported_titles(client, cast.officer, "scope=all")) == lab
    assert set(exported_titles(client, cast.other_officer, "scope=all")) == robo
    assert set(exported_titles(client, cast.auditor, "scope=all")) == lab | robo
    assert exported_titles(client, cast.auditor, "scope=all&status=draft") == ["Draft to Oslo"]
    assert exported_titles(client, cast.auditor, "scope=all&status=nonsense") == []
    assert export_link(client, cast.auditor, "/") == ["scope=all"]


def test_a_row_holds_the_trip_in_the_readers_language(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    client.cookies["django_language"] = "zh-hans"

    rows = export(client, cast.officer, "scope=review&finding=late_report")

    assert rows[0][:5] == [
        str(world["rome"].pk),
        "Late report to Rome",
        "Traveller",
        "Lab",
        "已提交",
    ]
    assert rows[0][8] == "IT"


# Who may export which list ----------------------------------------------------------------


EVERYONE = ("traveller", "colleague", "officer", "other_officer", "oversight", "auditor")
READERS = {"traveller": 403, "colleague": 403}


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("scope=mine", {}),
        ("scope=review", {"traveller": 403, "colleague": 403, "auditor": 403}),
        ("scope=abroad", READERS),
        ("scope=debriefs-owed", READERS),
        ("scope=late", READERS),
        ("scope=debriefs", READERS),
        ("scope=all", READERS),
        (
            "scope=person&person_id={traveller}",
            {"traveller": 403, "colleague": 404, "other_officer": 404},
        ),
    ],
)
def test_who_may_export_each_list(
    client: Client, cast: Cast, query: str, refused: dict[str, int]
) -> None:
    url = f"{URL}?{query.format(traveller=cast.traveller.pk)}"
    for who in EVERYONE:
        client.force_login(getattr(cast, who))
        response = client.get(url)
        assert response.status_code == refused.get(who, 200), who
        if response.status_code != 200:
            assert not AuditEvent.objects.filter(action="trips.exported", actor_label=who).exists()


@pytest.mark.parametrize(
    "query",
    [
        "scope=mine",
        "scope=review&tier=x",
        "scope=person&person_id=1",
        "scope=all",
        "scope=nonsense",
    ],
)
def test_anonymous_is_sent_to_login(client: Client, db: None, query: str) -> None:
    response = client.get(f"{URL}?{query}")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/exports/trips.csv")


@pytest.mark.parametrize(
    "query", ["", "scope=", "scope=everything", "scope=person", "scope=person&person_id=x"]
)
def test_an_unknown_list_or_person_is_not_found(client: Client, cast: Cast, query: str) -> None:
    client.force_login(cast.officer)

    assert client.get(f"{URL}?{query}").status_code == 404


def test_an_export_is_a_read_only_get(client: Client, cast: Cast) -> None:
    client.force_login(cast.officer)

    assert client.post(f"{URL}?scope=mine").status_code == 405


# The record of who exported what ---------------------------------------------------------


def test_each_export_is_audited_with_its_list_and_filters(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    export(
        client, cast.officer, f"scope=review&finding=late_report&traveller_id={cast.traveller.pk}"
    )

    event = AuditEvent.objects.get(action="trips.exported")
    assert event.actor_label == "officer"
    assert event.data == {
        "filename": "sojourn-trips-review-2026-03-25.csv",
        "filters": {
            "scope": "review",
            "finding": "late_report",
            "traveller_id": str(cast.traveller.pk),
        },
        "has_search": False,
    }
    assert "Rome" not in str(event.data)


def test_the_download_is_named_after_the_list_and_the_day(
    client: Client, cast: Cast, world: dict[str, Trip]
) -> None:
    client.force_login(cast.traveller)

    response = client.get(f"{URL}?scope=mine")

    assert response["Content-Disposition"] == (
        'attachment; filename="sojourn-trips-mine-2026-03-25.csv"'
    )


def test_the_export_costs_a_few_queries_however_long_the_queue(
    client: Client, cast: Cast, now: datetime.datetime, django_assert_max_num_queries
) -> None:
    for number in range(12):
        builders.submitted(
            cast.traveller, now, builders.Itinerary(title=f"Trip {number}", purpose="conference")
        )
    client.force_login(cast.officer)

    with django_assert_max_num_queries(16):
        response = client.get(f"{URL}?scope=review")
        rows = body(response).splitlines()

    assert len(rows) == 13
