"""`sojourn.trips.filtering`: the one definition of a trip list's filters and orders, shared by
`GET /trips`, its CSV export and any page offering the same filters."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from sojourn.testing import builders
from sojourn.testing.builders import HOUR
from sojourn.trips import filtering
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Trip


def test_parse_reads_every_filter_from_query_text():
    query = QueryDict(
        "status=draft&status=submitted,approved&tier=restricted&route=review&traveller_id=7"
        "&organisation=lab&departs_from=2026-04-01&departs_to=2026-04-30"
        "&returns_from=2026-04-02&returns_to=2026-05-01&needs_reapproval=true"
        "&has_findings=0&q=%20Berlin%20&order=risk"
    )
    assert filtering.parse(query) == filtering.TripFilters(
        status=("draft", "submitted", "approved"),
        tier="restricted",
        route="review",
        traveller_id=7,
        organisation="lab",
        departs_from=datetime.date(2026, 4, 1),
        departs_to=datetime.date(2026, 4, 30),
        returns_from=datetime.date(2026, 4, 2),
        returns_to=datetime.date(2026, 5, 1),
        needs_reapproval=True,
        has_findings=False,
        q="Berlin",
        order="risk",
    )


def test_nothing_asked_selects_everything_newest_first():
    filters = filtering.parse(QueryDict(""))
    assert filters == filtering.TripFilters()
    assert filters.order_keys == ("-created_at", "-id")
    assert filters.as_dict() == {"order": "newest"}


def test_parse_names_every_field_it_cannot_read():
    query = QueryDict(
        "status=lost&route=maybe&traveller_id=me&departs_from=2026-02-30"
        "&returns_from=2026-05-02&returns_to=2026-05-01&needs_reapproval=perhaps&order=price"
    )
    with pytest.raises(InvalidInput) as refused:
        filtering.parse(query)
    assert set(refused.value.errors) == {
        "status",
        "route",
        "traveller_id",
        "departs_from",
        "returns_to",
        "needs_reapproval",
        "order",
    }


def test_the_filters_as_text_read_back_as_the_same_filters():
    filters = filtering.TripFilters(
        status=("draft", "returned"),
        departs_from=datetime.date(2026, 4, 1),
        has_findings=True,
        q="summit",
        order="departure",
    )
    shown = filters.as_dict()
    assert shown == {
        "status": "draft,returned",
        "departs_from": "2026-04-01",
        "has_findings": "true",
        "q": "summit",
        "order": "departure",
    }
    query = QueryDict(mutable=True)
    query.update(shown)
    assert filtering.parse(query) == filters


def test_apply_narrows_a_scoped_queryset_and_never_widens_it(cast, now):
    mine = builders.submitted(cast.traveller, now, builders.Itinerary(title="Berlin talk", days=4))
    builders.draft(cast.traveller, now + HOUR, builders.Itinerary(title="Berlin draft", days=4))
    builders.submitted(
        cast.colleague, now + 2 * HOUR, builders.Itinerary(title="Berlin too", days=4)
    )
    visible = Trip.objects.visible_to(cast.traveller)
    found = filtering.apply(visible, filtering.TripFilters(status=("submitted",), q="berlin"))
    assert list(found) == [mine]
    everyone = filtering.apply(Trip.objects.visible_to(cast.oversight), filtering.TripFilters())
    assert [trip.title for trip in everyone] == ["Berlin too", "Berlin draft", "Berlin talk"]
