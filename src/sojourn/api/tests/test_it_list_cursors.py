"""Every list of the API is walked to its end by passing each page's `next` back as `cursor`.

The lists are found in the OpenAPI description (each GET that answers a page, `{items, next}`),
so a new list is walked too, and must be given a caller below. Each is walked one row per page
and must give, in order, exactly the rows one large page gives.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from sojourn.api.api import api
from sojourn.care.services import check_in
from sojourn.conftest import NOW, Cast
from sojourn.contacts.reports import ContactReportInput, file_contact_report
from sojourn.directives import services as directives
from sojourn.retention import holds
from sojourn.screening import recording
from sojourn.screening.importing import import_snapshot
from sojourn.testing import builders
from sojourn.testing.builders import DAY, HOUR
from sojourn.trips import invitations

PREFIX = "/api/v1/"
LISTS = Path(recording.__file__).parent / "data"


def _list_paths() -> list[str]:
    """The paths of the GETs whose answer is a page."""
    document = api.get_openapi_schema(path_prefix=PREFIX)
    schemas = document["components"]["schemas"]
    found = []
    for path, operations in document["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get(200, {})
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        name = schema.get("$ref", "").rsplit("/", 1)[-1]
        if set(schemas.get(name, {}).get("properties", {})) == {"items", "next"}:
            found.append(path.removeprefix(PREFIX))
    return sorted(found)


def _world(cast: Cast) -> dict[str, Any]:
    """At least two rows in every list, as oversight (or, for the inbox, the officer) sees it."""
    for index in range(3):
        builders.submitted(
            cast.traveller, NOW + index * HOUR, builders.Itinerary(title=f"Trip {index}", days=4)
        )
    abroad = builders.under_way(
        cast.traveller,
        NOW,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Abroad", days=4),
    )
    assert abroad.starts_on is not None
    for hour in range(3):
        moment = datetime.datetime.combine(abroad.starts_on, datetime.time(10 + hour), datetime.UTC)
        check_in(abroad, actor=cast.traveller, status="ok", now=moment)
    for index in range(3):
        invitations.record(
            actor=cast.traveller,
            data=invitations.InvitationInput(
                event=f"Summit {index}",
                host_organisation="Host",
                country="FR",
                city="Paris",
                starts_on=NOW.date() + (40 + index) * DAY,
                ends_on=NOW.date() + (41 + index) * DAY,
                paid_by="host",
                received_on=NOW.date(),
            ),
            now=NOW,
        )
    for index in range(3):
        directives.issue_advisory(
            actor=cast.oversight,
            destinations=["US"],
            starts_on=NOW.date(),
            ends_on=NOW.date() + 30 * DAY,
            effect="raise_tier",
            tier="reviewed",
            text=f"Advisory {index}",
            now=NOW + index * HOUR,
        )
    holds.set_hold(actor=cast.oversight, trip=abroad, reason="Inquiry", now=NOW)
    holds.set_hold(actor=cast.oversight, person=cast.traveller, reason="Case 14", now=NOW + HOUR)
    for name, layout in (("fictional-list.csv", "csv"), ("csl-sample.csv", "csl")):
        import_snapshot(
            LISTS / name,
            list_id=layout,
            format=layout,
            as_of=NOW.date(),
            now=NOW,
            actor=cast.oversight,
        )
    # Two contact reports naming one listed person two ways: two contacts, two hits.
    for traveller, name in ((cast.traveller, "Lin Meihua"), (cast.colleague, "林美华")):
        file_contact_report(
            ContactReportInput(
                category="offer",
                channel="email",
                occurred_on=NOW.date(),
                counterpart=name,
                narrative="Offered paid travel.",
            ),
            traveller=traveller,
            now=NOW,
        )
    return {"trip_id": abroad.pk}


# Who walks each list: oversight sees every row of every list but an inbox, which is personal.
READERS = {"notifications": "officer"}


def test_the_lists_are_found():
    assert "trips" in _list_paths()
    assert "trips/{trip_id}/checkins" in _list_paths()


@pytest.mark.parametrize("path", _list_paths())
def test_a_list_is_walked_to_its_end_through_next(cast, api_for, api_clock, path):
    client = api_for(getattr(cast, READERS.get(path, "oversight")))
    concrete = path.format(**_world(cast))
    whole = client.get(concrete, limit=200)
    assert whole.status == 200, whole.raw[:500]
    assert whole.json["next"] is None
    expected = whole.json["items"]
    assert len(expected) >= 2, f"seed at least two rows for {path}"

    walked: list[Any] = []
    page = client.get(concrete, limit=1)
    while True:
        assert page.status == 200, page.raw[:500]
        walked.extend(page.json["items"])
        cursor = page.json["next"]
        if cursor is None:
            break
        page = client.get(concrete, limit=1, cursor=cursor)
    assert walked == expected
