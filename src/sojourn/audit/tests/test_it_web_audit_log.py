"""The audit log page: who may read it, its filters, its keyset pages, and the chain check."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sojourn.audit import views
from sojourn.audit.actions import ACTION_LABELS
from sojourn.audit.models import AuditEvent
from sojourn.audit.tests import tampering
from sojourn.care.models import EscalationKind
from sojourn.conftest import Cast
from sojourn.directives import services
from sojourn.directives.models import DirectiveKind
from sojourn.testing import builders
from sojourn.trips.models import Trip

URL = "/audit/"
VERIFY = "/audit/verify/"
CAST = ["traveller", "colleague", "officer", "other_officer", "oversight", "auditor"]
AssertMaxQueries = Callable[..., Any]


def seqs(content: str) -> list[int]:
    """The sequence numbers of the events listed, in page order."""
    return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', content)]


@pytest.fixture
def trail(cast: Cast, now: datetime.datetime) -> Trip:
    """GIVEN on 2 March a trip to Paris created, submitted and approved and a hold on the
    robotics officer's travel; on 20 March the colleague's trip to Berlin created and submitted
    (after the cast's accounts and people, each made with its events)."""
    paris = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris", country="FR"),
    )
    services.instruct_hold(
        actor=cast.oversight,
        person=cast.other_officer,
        hold_until=now.date() + datetime.timedelta(days=30),
        text="Hold pending an inquiry.",
        now=now,
    )
    builders.submitted(
        cast.colleague,
        now + datetime.timedelta(days=18),
        builders.Itinerary(title="Workshop in Berlin"),
    )
    return paris


@pytest.mark.parametrize("who", CAST)
def test_the_log_and_the_check_are_for_auditors_and_oversight(
    client: Client, cast: Cast, trail: Trip, who: str
) -> None:
    client.force_login(getattr(cast, who))
    reader = who in {"oversight", "auditor"}
    response = client.get(URL)
    assert response.status_code == (200 if reader else 404)
    assert client.post(VERIFY).status_code == (200 if reader else 404)
    if reader:
        assert "no-store" in response["Cache-Control"]
        assert f"trips.trip:{trail.pk}" in response.content.decode()


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_the_check_is_a_post(client: Client, cast: Cast) -> None:
    client.force_login(cast.auditor)
    assert client.get(VERIFY).status_code == 405


def test_events_are_listed_newest_first_and_trips_are_linked(
    client: Client, cast: Cast, trail: Trip
) -> None:
    client.force_login(cast.auditor)
    content = client.get(URL).content.decode()
    listed = seqs(content)
    assert listed == sorted(listed, reverse=True)
    assert listed[0] == AuditEvent.objects.order_by("-seq").first().seq  # type: ignore[union-attr]
    assert f'href="/trips/{trail.pk}/"><code>trips.trip:{trail.pk}</code></a>' in content
    assert "<code>directives.directive:" in content  # other objects are named, not linked
    # The data, as JSON: codes and ids, never the title, which stays on the trip.
    assert "&quot;purpose&quot;: &quot;academic&quot;" in content
    assert "Summit in Paris" not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=trip.sub", {"trip.submitted"}),
        ("action=trip.", {"trip.created", "trip.submitted", "trip.approved"}),
        ("actor=OFFIC", {"trip.approved"}),
        ("object_type=directives.directive", {"directive.hold_person"}),
        # That day's events: the trip reported, and its planned meeting entered in the contact
        # register as it was submitted (a sighting, its contact, a suggested match).
        (
            "since=2026-03-20&until=2026-03-20",
            {
                "trip.created",
                "trip.submitted",
                "contact.created",
                "sighting.recorded",
                "suggestion.opened",
            },
        ),
        # The sign-in of the reader itself is an event of today, after the trail.
        ("since=2026-03-21&until=2026-04-30", set()),
    ],
)
def test_filters(client: Client, cast: Cast, trail: Trip, query: str, expected: set[str]) -> None:
    client.force_login(cast.oversight)
    content = client.get(f"{URL}?{query}").content.decode()
    assert set(re.findall(r"<code>([a-z_.]+)</code></td>", content)) == expected
    if not expected:
        assert "No event matches these filters." in content
    assert "Clear filters" in content


def test_the_object_filter_shows_one_trip_s_history(
    client: Client, cast: Cast, trail: Trip
) -> None:
    client.force_login(cast.auditor)
    content = client.get(f"{URL}?object_type=trips.trip&object_id={trail.pk}").content.decode()
    objects = set(re.findall(r"<code>(trips\.trip:\d+)</code>", content))
    assert objects == {f"trips.trip:{trail.pk}"}
    assert '<option value="trips.trip" selected>' in content


def test_a_filter_that_does_not_parse_says_so_and_lists_nothing(
    client: Client, cast: Cast, trail: Trip
) -> None:
    client.force_login(cast.auditor)
    content = client.get(f"{URL}?since=2026-03-20&until=2026-03-01&actor=kept").content.decode()
    assert "The end of the range is before its start." in content
    assert 'aria-describedby="id_until_error"' in content
    assert 'value="kept"' in content
    assert seqs(content) == []


def test_keyset_pages_go_older_and_newer_keeping_the_filters(
    client: Client,
    cast: Cast,
    trail: Trip,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: AssertMaxQueries,
) -> None:
    """GIVEN pages of two events WHEN the auditor pages through the trip events (the fifth and
    sixth of the trail's trip's events are two pages apart: a directive lies between) THEN each
    page holds the next older ones, the links keep the filter, and "newer" goes back."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    trip_events = AuditEvent.objects.filter(action__startswith="trip.").order_by("-seq")
    six, five, three, two, one = trip_events.values_list("seq", flat=True)
    client.force_login(cast.auditor)

    first = client.get(f"{URL}?action=trip.").content.decode()
    assert seqs(first) == [six, five]
    assert f'href="?action=trip.&amp;before={five}"' in first
    assert "Newer events" not in first

    with django_assert_max_num_queries(4):
        second = client.get(f"{URL}?action=trip.&before={five}").content.decode()
    assert seqs(second) == [three, two]
    assert f'href="?action=trip.&amp;before={two}"' in second
    assert f'href="?action=trip.&amp;after={three}"' in second

    last = client.get(f"{URL}?action=trip.&before={two}").content.decode()
    assert seqs(last) == [one]
    assert "Older events" not in last

    back = client.get(f"{URL}?action=trip.&after={three}").content.decode()
    assert seqs(back) == [six, five]
    assert "Newer events" not in back


def test_the_page_costs_the_same_queries_however_long_the_trail(
    client: Client,
    cast: Cast,
    trail: Trip,
    now: datetime.datetime,
    django_assert_max_num_queries: AssertMaxQueries,
) -> None:
    client.force_login(cast.auditor)
    client.get(URL)
    with django_assert_max_num_queries(4) as few:
        client.get(URL)
    for n in range(30):
        builders.submitted(cast.traveller, now, builders.Itinerary(title=f"Trip {n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(URL).content.decode()
    assert len(seqs(content)) == views.PAGE_SIZE


def test_verifying_an_intact_chain(client: Client, cast: Cast, trail: Trip) -> None:
    client.force_login(cast.auditor)
    count = AuditEvent.objects.count()

    page = client.post(VERIFY).content.decode()
    partial = client.post(VERIFY, headers={"HX-Request": "true"}).content.decode()

    assert "<html" in page
    assert "<html" not in partial
    for content in (page, partial):
        assert "The chain is intact." in content
        assert f"{count} events checked." in content


def test_verifying_a_chain_with_an_altered_event_names_it(
    client: Client, cast: Cast, trail: Trip
) -> None:
    """GIVEN someone quietly edits an event in the database WHEN oversight verifies the chain
    THEN the first altered event is named, with a link to it in the log."""
    altered = AuditEvent.objects.get(action="trip.approved")
    tampering.set_column(altered.pk, "actor_label", "someone-else")
    client.force_login(cast.oversight)

    content = client.post(VERIFY, headers={"HX-Request": "true"}).content.decode()

    assert f"The chain is broken at event {altered.seq}." in content
    assert f"{altered.seq - 1} events before it checked out." in content
    assert f"event #{altered.seq} was altered after it was written" in content
    assert f'href="/audit/?before={altered.seq + 1}"' in content


def test_the_log_page_offers_the_check_with_htmx(client: Client, cast: Cast) -> None:
    client.force_login(cast.auditor)
    content = client.get(URL).content.decode()
    assert 'data-hx-post="/audit/verify/"' in content
    assert 'data-hx-target="#verify-result"' in content
    assert 'method="post" action="/audit/verify/"' in content


def test_actions_read_in_the_readers_language_beside_their_code(
    client: Client, cast: Cast, trail: Trip
) -> None:
    """GIVEN the trail WHEN an auditor reads it in Chinese THEN each action is named in Chinese
    and its code stays beside it, to filter by."""
    client.force_login(cast.auditor)

    content = client.get(URL, headers={"Accept-Language": "zh-hans"}).content.decode()

    assert "行程已批准 <code>trip.approved</code>" in content
    assert "指令：暂停某人出行 <code>directive.hold_person</code>" in content


def test_every_action_the_code_records_has_a_label() -> None:
    """A new audit action enters the label map with its words, or the log shows a bare code."""
    source = Path(__file__).resolve().parents[2]
    written = {
        match
        for path in source.rglob("*.py")
        if "tests" not in path.parts
        for match in re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text())
    }
    built = {f"escalation.{kind}" for kind in EscalationKind.values} | {
        f"directive.{kind}" for kind in DirectiveKind.values
    }
    assert sorted((written | built) - set(ACTION_LABELS)) == []
