"""`GET /trips` and `GET /trips/export`: the caller's visible trips, filtered, ordered, in
keyset pages (or one streamed CSV), at a constant number of queries per page."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sojourn.api.pagination import Page
from sojourn.api.schemas.trips import TripSummary
from sojourn.audit.models import AuditEvent
from sojourn.care.services import DeviationInput, report_deviation
from sojourn.conftest import NOW
from sojourn.people.models import Person, Role
from sojourn.security import tokens
from sojourn.testing import builders
from sojourn.testing.builders import DAY, HOUR
from sojourn.testing.paging import ids, walk
from sojourn.trips import services
from sojourn.trips.drafts import TripInput, create_draft


@pytest.fixture
def world(cast, now):
    """Trips of both organisations, created an hour apart (so `newest` is the reverse):
    the lab traveller's Berlin draft (30 days ahead), a Tokyo trip submitted late (3 days
    ahead, a `late_report` finding), an approved Paris trip (60 days ahead), a draft without
    legs; the colleague's submitted Rome trip; a robotics engineer's approved trip to Brazil
    now under way, whose deviation to the US reopened its approval."""
    made = {}
    clock = iter(now + index * HOUR for index in range(20))
    made["berlin"] = builders.draft(
        cast.traveller, next(clock), builders.Itinerary(title="Workshop in Berlin", days=4)
    )
    made["tokyo"] = builders.submitted(
        cast.traveller,
        next(clock),
        builders.Itinerary(title="Tokyo visit", country="JP", starts_in_days=3, days=4),
    )
    made["paris"] = builders.approved(
        cast.traveller,
        next(clock),
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Paris conference", country="FR", starts_in_days=60, days=4
        ),
    )
    made["nowhere"] = create_draft(
        actor=cast.traveller, data=TripInput(title="Somewhere later"), now=next(clock)
    )
    made["rome"] = builders.submitted(
        cast.colleague,
        next(clock),
        builders.Itinerary(title="Rome meeting", country="IT", starts_in_days=20, days=4),
    )
    robo = builders.traveller("engineer", organisation=cast.robo)
    brazil = builders.submitted(
        robo,
        next(clock),
        builders.Itinerary(title="Sao Paulo fair", country="BR", starts_in_days=10, days=6),
    )
    assert brazil.status == "approved"  # a standard trip is approved by the seed pack itself
    assert brazil.starts_on is not None
    start = brazil.starts_on
    brazil = services.depart(brazil, actor=robo, now=next(clock) + 10 * DAY)
    report_deviation(
        brazil,
        actor=robo,
        now=next(clock) + 11 * DAY,
        data=DeviationInput(
            country="US",
            city="Austin",
            starts_on=start + 2 * DAY,
            ends_on=start + 3 * DAY,
            reason="A customer visit came up.",
        ),
    )
    brazil.refresh_from_db()
    assert brazil.needs_reapproval
    made["brazil"] = brazil
    return {name: trip.pk for name, trip in made.items()}


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("traveller", ["nowhere", "paris", "tokyo", "berlin"]),
        ("colleague", ["rome"]),
        ("officer", ["rome", "nowhere", "paris", "tokyo", "berlin"]),
        ("other_officer", ["brazil"]),
        ("oversight", ["brazil", "rome", "nowhere", "paris", "tokyo", "berlin"]),
        ("auditor", ["brazil", "rome", "nowhere", "paris", "tokyo", "berlin"]),
    ],
)
def test_each_caller_lists_what_they_may_see_newest_first(
    cast, api_for, api_clock, world, who, visible
):
    answer = api_for(getattr(cast, who), scope="read").get("trips")
    assert ids(answer) == [world[name] for name in visible]
    assert answer.json["next"] is None


def test_callers_one_after_another_each_list_their_own_from_one_process(
    cast, api_for, api_clock, world
):
    """
    GIVEN the list's statements kept by the process from one caller to the next
    WHEN two officers, a traveller and the first officer again list in turn, first page and next
    THEN each sees what their own scope holds, whoever asked before
    """
    expected = {
        "officer": [world[name] for name in ("rome", "nowhere", "paris", "tokyo", "berlin")],
        "other_officer": [world["brazil"]],
        "colleague": [world["rome"]],
    }
    for who in ("officer", "other_officer", "colleague", "officer", "other_officer"):
        client = api_for(getattr(cast, who), scope="read")
        first = client.get("trips", limit=2)
        rest = (
            client.get("trips", limit=2, cursor=first.json["next"]) if first.json["next"] else None
        )
        listed = ids(first) + (ids(rest) if rest is not None else [])
        assert listed == expected[who][: len(listed)], who
        assert len(listed) == min(4, len(expected[who])), who


def test_a_new_role_or_organisation_is_the_scope_of_the_next_request(
    cast, api_for, api_clock, world
):
    """
    GIVEN an officer who has listed their organisation's trips
    WHEN an administrator makes them the other organisation's officer, then a traveller
    THEN their next list is the other organisation's trips, then only their own (none)
    """
    client = api_for(cast.officer, scope="read")
    assert len(ids(client.get("trips"))) == 5
    person = Person.objects.filter(user=cast.officer)

    person.update(organisation=cast.robo)
    moved = ids(client.get("trips"))
    person.update(role=Role.TRAVELLER)
    demoted = ids(client.get("trips"))

    assert moved == [world["brazil"]]
    assert demoted == []


def test_the_answer_is_the_schema_of_a_page_of_summaries(cast, api_for, api_clock, world):
    answer = api_for(cast.oversight).get("trips")

    assert answer.content_type == "application/json"
    page = Page[TripSummary].model_validate(answer.json)
    assert [item.id for item in page.items] == ids(answer)


def test_a_summary_carries_what_a_list_needs(cast, api_for, api_clock, world):
    items = api_for(cast.oversight).get("trips").json["items"]
    brazil = next(item for item in items if item["id"] == world["brazil"])
    assert set(brazil["organisation"]) == {"slug", "name"}
    assert brazil["organisation"]["slug"] == "robo"
    assert brazil["traveller"]["username"] == "engineer"
    assert brazil["countries"] == ["BR", "US"]
    assert brazil["status"] == "in_progress"
    assert brazil["needs_reapproval"] is True
    assert brazil["tier"] == "restricted"
    assert brazil["tier_label"] == "Restricted"
    assert brazil["route"] == "review"
    assert isinstance(brazil["risk_score"], int)
    assert set(brazil) == {
        "id", "version", "status", "title", "traveller", "organisation", "starts_on", "ends_on",
        "countries", "tier", "tier_label", "route", "risk_score", "needs_reapproval",
        "report_by", "debrief_due",
    }  # fmt: skip


def test_a_summary_names_its_tier_in_the_callers_language(cast, api_for, api_clock, world):
    """GIVEN trips assessed under a pack that names its tiers in both languages WHEN listed with
    Accept-Language zh-hans THEN each keeps its tier's code and adds the tier's Chinese name; a
    draft, which has no tier yet, has no name either."""
    answer = api_for(cast.oversight).call("GET", "trips", headers={"Accept-Language": "zh-hans"})
    items = {item["id"]: item for item in answer.json["items"]}
    brazil = items[world["brazil"]]
    assert (brazil["tier"], brazil["tier_label"]) == ("restricted", "受限")
    assert (items[world["nowhere"]]["tier"], items[world["nowhere"]]["tier_label"]) == ("", "")


def test_a_summary_says_what_the_trip_itself_says(cast, api_for, api_clock, world):
    """GIVEN a traveller with a full name and one with none, WHEN oversight lists every trip,
    THEN each summary's fields, its traveller's name and its countries (in itinerary order)
    are those of `GET /trips/{id}`."""
    cast.colleague.first_name = cast.colleague.last_name = ""
    cast.colleague.save(update_fields=["first_name", "last_name"])
    cast.traveller.last_name = "Ödegaard"
    cast.traveller.save(update_fields=["last_name"])
    api = api_for(cast.oversight)
    items = api.get("trips").json["items"]
    assert len(items) == len(world)
    for item in items:
        trip = api.get(f"trips/{item['id']}").json
        assert item["countries"] == [leg["country"] for leg in trip["legs"]]
        shared = set(item) - {"countries", "tier", "tier_label", "route", "risk_score"}
        assert {name: item[name] for name in shared} == {name: trip[name] for name in shared}
    named = {item["traveller"]["username"]: item["traveller"]["name"] for item in items}
    assert named["colleague"] == "colleague"
    assert named["traveller"] == "Traveller Ödegaard"


FILTERS = {
    "one status": ("status=submitted", ["rome", "tokyo"]),
    "statuses repeated": ("status=draft&status=approved", ["nowhere", "paris", "berlin"]),
    "tier": ("tier=restricted", ["brazil"]),
    "route": ("route=review", ["brazil", "rome", "paris", "tokyo"]),
    "organisation": ("organisation=robo", ["brazil"]),
    "departing from": ("departs_from=2026-03-20", ["rome", "paris", "berlin"]),
    "departing until": ("departs_to=2026-03-12", ["brazil", "tokyo"]),
    "returning within": (
        "returns_from=2026-04-01&returns_to=2026-04-30",
        ["berlin"],
    ),
    "needing re-approval": ("needs_reapproval=true", ["brazil"]),
    "not needing re-approval": (
        "needs_reapproval=false&organisation=lab",
        ["rome", "nowhere", "paris", "tokyo", "berlin"],
    ),
    "with findings": ("has_findings=true", ["brazil", "tokyo"]),
    "without findings": ("has_findings=false&status=submitted", ["rome"]),
    "title contains": ("q=PARIS", ["paris"]),
    "combined": ("status=submitted&q=o&organisation=lab", ["rome", "tokyo"]),
}


@pytest.mark.parametrize(("query", "expected"), FILTERS.values(), ids=FILTERS.keys())
def test_filters_narrow_the_list(cast, api_for, api_clock, world, query, expected):
    answer = api_for(cast.oversight).get(f"trips?{query}")
    assert ids(answer) == [world[name] for name in expected]


def test_filtering_by_traveller_never_widens_the_callers_scope(cast, api_for, api_clock, world):
    oversight = api_for(cast.oversight)
    assert ids(oversight.get(f"trips?traveller_id={cast.colleague.pk}")) == [world["rome"]]
    traveller = api_for(cast.traveller)
    assert ids(traveller.get(f"trips?traveller_id={cast.colleague.pk}")) == []
    assert ids(traveller.get("trips?organisation=robo")) == []


ORDERS = {
    "newest": ["brazil", "rome", "nowhere", "paris", "tokyo", "berlin"],
    "departure": ["tokyo", "brazil", "rome", "berlin", "paris", "nowhere"],
    "departure_desc": ["paris", "berlin", "rome", "brazil", "tokyo", "nowhere"],
}


@pytest.mark.parametrize(("order", "expected"), ORDERS.items(), ids=ORDERS.keys())
def test_orders_put_trips_without_a_date_last(cast, api_for, api_clock, world, order, expected):
    answer = api_for(cast.auditor).get("trips", order=order)
    assert ids(answer) == [world[name] for name in expected]


def test_risk_order_is_highest_first_and_unassessed_last(cast, api_for, api_clock, world):
    items = api_for(cast.auditor).get("trips", order="risk").json["items"]
    scores = [item["risk_score"] for item in items]
    assessed = [score for score in scores if score is not None]
    assert assessed == sorted(assessed, reverse=True)
    assert scores[-2:] == [None, None]  # the two drafts
    assert items[0]["id"] == world["brazil"]


@pytest.mark.parametrize("order", ["newest", "departure", "departure_desc", "risk"])
def test_pages_follow_next_to_the_end_without_repeats(cast, api_for, api_clock, world, order):
    api = api_for(cast.oversight)
    whole = ids(api.get("trips", order=order, limit=200))
    pages = walk(api, f"trips?order={order}&limit=2&organisation=lab")
    assert [len(page) for page in pages] == [2, 2, 1]
    flat = [trip_id for page in pages for trip_id in page]
    assert len(set(flat)) == len(flat)
    assert flat == [trip_id for trip_id in whole if trip_id != world["brazil"]]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=lost", "status[0]"),
        ("order=price", "order"),
        ("route=maybe", "route"),
        ("departs_from=2026-02-30", "departs_from"),
        ("returns_to=0", "returns_to"),
        ("needs_reapproval=1", "needs_reapproval"),
        ("traveller_id=99999999999999999999", "traveller_id"),
        ("stauts=draft", "stauts"),
        ("departs_from=2026-05-01&departs_to=2026-04-01", "departs_to"),
        ("returns_from=2026-05-01&returns_to=2026-04-01", "returns_to"),
        ("needs_reapproval=perhaps", "needs_reapproval"),
        ("traveller_id=me", "traveller_id"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=WzEsMl0", "cursor"),
    ],
)
def test_bad_queries_are_422_naming_the_parameter(cast, api_for, api_clock, world, query, field):
    answer = api_for(cast.oversight).get(f"trips?{query}")
    assert answer.status == 422
    assert field in answer.problem_fields, answer.problem_fields


def test_listing_without_a_token_is_401(cast, api_for, api_clock):
    assert api_for(None).get("trips").status == 401


def _count_queries(api, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path).status == 200
    return len(queries)


def test_a_page_costs_the_same_queries_however_many_trips_it_holds(
    cast, api_for, api_clock, now, django_assert_max_num_queries
):
    for index in range(12):
        builders.submitted(
            cast.traveller, now + index * HOUR, builders.Itinerary(title=f"Trip {index}", days=4)
        )
    api = api_for(cast.officer)
    api.get("me")  # the token's first use is recorded once
    small = _count_queries(api, "trips?limit=2")
    large = _count_queries(api, "trips?limit=12&order=risk&status=submitted")
    assert small == large
    # Every API request pays a fixed 2: the token's lookup and the rate
    # limit's one UPDATE ... RETURNING of the person's count for the minute (sojourn.api.rate;
    # the minute's row exists since the calls above). The page itself costs 2 more: the trips
    # with their travellers, and the countries of their legs in one query.
    per_request, page = 2, 2
    with django_assert_max_num_queries(per_request + page):
        api.get("trips?limit=12")


# GET /trips/export ----------------------------------------------------------------------------


def rows(answer) -> list[list[str]]:
    assert answer.status == 200, answer.raw[:500]
    assert answer.content_type == "text/csv"
    return list(csv.reader(io.StringIO(answer.raw.decode("utf-8-sig"))))


def test_the_export_has_the_lists_filters_and_order_and_is_audited(cast, api_for, api_clock, world):
    api = api_for(cast.oversight, scope="read")
    query = "status=submitted&status=draft&order=departure"
    listed = ids(api.get(f"trips?{query}"))

    answer = api.get(f"trips/export?{query}")

    table = rows(answer)
    assert table[0][:2] == ["ID", "Title"]
    assert [int(row[0]) for row in table[1:]] == listed
    assert "attachment" in answer.headers["Content-Disposition"]
    event = AuditEvent.objects.get(action="trips.exported")
    assert event.actor_id == cast.oversight.pk
    assert event.data["filters"] == {"status": "submitted,draft", "order": "departure"}


def test_the_export_holds_only_what_the_caller_may_see(cast, api_for, api_clock, world):
    table = rows(api_for(cast.colleague).get("trips/export"))
    assert [int(row[0]) for row in table[1:]] == [world["rome"]]


def test_the_export_is_streamed(cast, api_clock, world):
    made = tokens.create_token(
        actor=cast.auditor, user=cast.auditor, name="export", scope="read", now=NOW
    )
    response = Client().get(
        "/api/v1/trips/export", headers={"Authorization": f"Bearer {made.secret}"}
    )
    assert response.status_code == 200
    assert response.streaming


def test_the_export_refuses_bad_filters_and_anonymous_callers(cast, api_for, api_clock):
    answer = api_for(cast.oversight).get("trips/export?departs_from=2026-02-30")
    assert answer.status == 422
    assert "departs_from" in answer.problem_fields
    assert api_for(None).get("trips/export").status == 401
    assert not AuditEvent.objects.filter(action="trips.exported").exists()


def test_the_description_documents_the_export_as_csv(cast, api_for):
    schema = api_for(None).get("/api/v1/openapi.json").json
    responses = schema["paths"]["/api/v1/trips/export"]["get"]["responses"]
    assert "text/csv" in responses["200"]["content"]
