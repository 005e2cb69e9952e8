"""People through the API: officers read their organisation's, oversight and auditors everyone's,
each with the compliance record the console's person page shows; travellers have no such list."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.care.compliance import compliance as domain_compliance
from sojourn.people.models import Role
from sojourn.testing import builders
from sojourn.trips import invitations
from sojourn.trips.invitations import InvitationInput

CAST = ["traveller", "colleague", "officer", "other_officer", "oversight", "auditor"]
EVERYONE = ["auditor", "colleague", "officer", "other_officer", "oversight", "traveller"]


def usernames(page: dict[str, Any]) -> list[str]:
    return [item["username"] for item in page["items"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("traveller", None),
        ("colleague", None),
        ("officer", ["colleague", "officer", "traveller"]),
        ("other_officer", ["other_officer"]),
        ("oversight", EVERYONE),
        ("auditor", EVERYONE),
    ],
)
def test_each_role_lists_the_people_it_looks_after(cast, api_for, api_clock, who, expected):
    answer = api_for(getattr(cast, who)).get("people")
    if expected is None:
        assert answer.status == 403
        assert "traveller" not in answer.raw.decode()
    else:
        assert answer.status == 200
        assert usernames(answer.json) == expected


def test_a_person_reads_with_role_position_and_organisation(cast, api_for, api_clock):
    (item,) = api_for(cast.officer).get("people", q="traveller").json["items"]
    assert item == {
        "id": cast.traveller.pk,
        "username": "traveller",
        "name": "Traveller",
        "role": "traveller",
        "position": "researcher",
        "sectors": [],
        "language": "",
        "organisation": {"slug": "lab", "name": "Lab"},
    }


def test_the_list_needs_a_token(cast, api_for, api_clock):
    assert api_for(None).get("people").status == 401
    assert api_for(None).get(f"people/{cast.traveller.pk}").status == 401


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "traveller"}, ["colleague", "traveller"]),
        ({"role": "officer"}, ["officer", "other_officer"]),
        ({"organisation": "robo"}, ["other_officer"]),
        ({"organisation": "nowhere"}, []),
        ({"q": "coll"}, ["colleague"]),
        ({"q": "OFFICER other"}, ["other_officer"]),
        ({"role": "officer", "organisation": "lab"}, ["officer"]),
    ],
)
def test_the_list_filters(cast, api_for, api_clock, params, expected):
    answer = api_for(cast.oversight).get("people", **params)
    assert answer.status == 200
    assert usernames(answer.json) == expected


def test_an_officer_filtering_on_another_organisation_finds_nobody(cast, api_for, api_clock):
    assert api_for(cast.officer).get("people", organisation="robo").json["items"] == []


def test_a_bad_filter_is_a_422_naming_it(cast, api_for, api_clock):
    answer = api_for(cast.oversight).get("people", role="king")
    assert answer.status == 422
    assert "role" in answer.problem_fields


def test_pages_follow_one_another_by_username(cast, api_for, api_clock):
    client = api_for(cast.auditor)
    seen: list[str] = []
    page = client.get("people", limit=4).json
    while True:
        seen.extend(usernames(page))
        if not page["next"]:
            break
        page = client.get("people", limit=4, cursor=page["next"]).json
    assert seen == EVERYONE


def test_a_list_page_costs_the_same_queries_however_long(
    cast, api_for, api_clock, django_assert_max_num_queries
):
    client = api_for(cast.oversight)
    with CaptureQueriesContext(connection) as short:
        assert len(client.get("people", limit=1).json["items"]) == 1
    for i in range(6):
        builders.person(f"engineer{i}", organisation=cast.robo, role=Role.TRAVELLER)
    with django_assert_max_num_queries(len(short)):
        assert len(client.get("people").json["items"]) == 12


# One person and their record ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "whom", "status"),
    [
        ("traveller", "traveller", 403),
        ("traveller", "colleague", 404),
        ("officer", "traveller", 200),
        ("officer", "other_officer", 404),
        ("other_officer", "traveller", 404),
        ("other_officer", "other_officer", 200),
        ("oversight", "traveller", 200),
        ("auditor", "colleague", 200),
    ],
)
def test_who_reads_whose_record(cast, api_for, api_clock, who, whom, status):
    answer = api_for(getattr(cast, who)).get(f"people/{getattr(cast, whom).pk}")
    assert answer.status == status
    if status != 200:
        assert "compliance" not in answer.json


def test_a_missing_person_is_a_404_and_an_id_out_of_range_a_422(cast, api_for, api_clock):
    client = api_for(cast.oversight)
    assert client.get("people/999999").status == 404
    assert client.get(f"people/{2**70}").status == 422


def test_the_record_counts_what_the_console_counts(cast, api_for, api_clock, now):
    """GIVEN the traveller: a trip reported late (Rome), a trip to Paris abroad with a missed
    check-in, back from Boston on 12 March without a debrief (due the 22nd), a draft, and two
    invitations, one declined, one accepted WHEN their officer reads them on 25 March THEN the
    record counts 3 trips, 1 late, 1 debrief overdue, 1 missed check-in, 1 + 1 invitations —
    the figures of the console's person page."""
    builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(title="Late report to Rome", purpose="conference", starts_in_days=3),
    )
    paris = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Summit in Paris", purpose="conference", country="FR", starts_in_days=10
        ),
    )
    builders.missed_checkins(paris)
    builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title="Conference in Boston",
            purpose="conference",
            country="US",
            starts_in_days=8,
            days=2,
        ),
    )
    builders.draft(
        cast.traveller,
        now,
        builders.Itinerary(title="A draft nobody reported", purpose="conference"),
    )
    for event in ("AI Summit", "Robotics fair"):
        invitation = invitations.record(
            actor=cast.traveller,
            now=now,
            data=InvitationInput(
                event=event,
                host_organisation="Host",
                country="FR",
                starts_on=now.date() + datetime.timedelta(days=60),
                ends_on=now.date() + datetime.timedelta(days=62),
                paid_by="host",
                received_on=now.date(),
            ),
        )
        if event == "AI Summit":
            invitations.decline(invitation, actor=cast.traveller, reason="Not useful.", now=now)
        else:
            invitations.accept(invitation, actor=cast.traveller, now=now)
    looking = builders.at(datetime.date(2026, 3, 25))
    api_clock(looking)

    answer = api_for(cast.officer).get(f"people/{cast.traveller.pk}")

    assert answer.status == 200, answer.json
    got = answer.json
    assert (got["username"], got["as_of"]) == ("traveller", "2026-03-25")
    assert got["compliance"] == {
        "trips": 3,
        "late_reports": 1,
        "debriefs_late": 0,
        "debriefs_overdue": 1,
        "missed_checkins": 1,
        "unreachable": 0,
        "invitations_accepted": 1,
        "invitations_declined": 1,
        "invitations_pending": 0,
    }
    record = domain_compliance(cast.officer, cast.traveller.pk, looking.date())
    assert got["compliance"] == dataclasses.asdict(record)
