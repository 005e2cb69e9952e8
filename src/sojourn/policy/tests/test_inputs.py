"""The trip document of `sojourn assess`: read exactly, refused with the field that is wrong."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from typing import Any

import pytest

from sojourn.policy import InputError, Leg, Meeting, assess, shipped_pack, trip_from_json
from sojourn.policy.tests.builders import leg, trip

DOCUMENT: dict[str, Any] = {
    "traveller": {"positions": ["founder"], "sectors": ["ai"], "home_country": "CN"},
    "purpose": "conference",
    "reported_on": "2026-03-02",
    "necessity": "Keynote.",
    "alternatives": "Remote talk declined.",
    "legs": [
        {
            "country": "US",
            "city": "",
            "starts_on": "2026-06-09",
            "ends_on": "2026-06-09",
            "transit": True,
        },
        {"country": "FR", "city": "Paris", "starts_on": "2026-06-10", "ends_on": "2026-06-14"},
    ],
    "meetings": [{"counterpart": "A. Martin", "organisation": "Élysée", "country": "FR"}],
}


def test_the_document_reads_into_trip_facts() -> None:
    facts = trip_from_json(DOCUMENT)

    assert facts.traveller.positions == ("founder",)
    assert facts.traveller.home_country == "CN"
    assert facts.reported_on == datetime.date(2026, 3, 2)
    assert facts.legs[0] == Leg(
        "US", datetime.date(2026, 6, 9), datetime.date(2026, 6, 9), transit=True
    )
    assert facts.legs[1].city == "Paris"
    assert facts.legs[1].transit is False
    assert facts.meetings == (Meeting("A. Martin", "Élysée", "FR"),)
    assert assess(shipped_pack("seed-sensitive-tech"), facts).tier == "restricted"


def test_optional_fields_may_be_left_out() -> None:
    minimal = {
        "traveller": {"positions": [], "sectors": [], "home_country": "US"},
        "reported_on": "2026-03-02",
        "legs": [{"country": "FR", "starts_on": "2026-06-10", "ends_on": "2026-06-14"}],
    }

    facts = trip_from_json(minimal)

    assert facts.purpose == ""
    assert facts.meetings == ()
    assert facts.necessity == ""


def set_at(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target = document
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return change


CASES = [
    (
        "end before start",
        set_at(("legs", 1, "ends_on"), "2026-06-01"),
        "legs[1].ends_on",
        "before it starts",
    ),
    (
        "unknown country",
        set_at(("legs", 0, "country"), "XX"),
        "legs[0].country",
        "unknown country code 'XX'",
    ),
    ("lower-case country", set_at(("legs", 0, "country"), "us"), "legs[0].country", "write 'US'"),
    ("bad date", set_at(("legs", 0, "starts_on"), "2026-02-30"), "legs[0].starts_on", "YYYY-MM-DD"),
    ("date in another format", set_at(("reported_on",), "02/03/2026"), "reported_on", "YYYY-MM-DD"),
    ("missing leg field", drop(("legs", 1, "starts_on")), "legs[1].starts_on", "required"),
    ("missing traveller", drop(("traveller",)), "traveller", "required"),
    (
        "missing home country",
        drop(("traveller", "home_country")),
        "traveller.home_country",
        "required",
    ),
    (
        "unknown home country",
        set_at(("traveller", "home_country"), "ZZ"),
        "traveller.home_country",
        "'ZZ'",
    ),
    ("no legs", set_at(("legs",), []), "legs", "at least one leg"),
    ("legs not a list", set_at(("legs",), {"country": "FR"}), "legs", "expected a list"),
    ("leg not an object", set_at(("legs", 0), "FR"), "legs[0]", "expected an object"),
    ("transit as text", set_at(("legs", 0, "transit"), "yes"), "legs[0].transit", "true or false"),
    (
        "position not text",
        set_at(("traveller", "positions"), ["founder", 3]),
        "traveller.positions[1]",
        "expected a text",
    ),
    (
        "unknown key",
        set_at(("legs", 0, "strat"), "2026-06-09"),
        "legs[0].strat",
        "unknown field 'strat'",
    ),
    (
        "meeting without a counterpart",
        drop(("meetings", 0, "counterpart")),
        "meetings[0].counterpart",
        "required",
    ),
    (
        "meeting country unknown",
        set_at(("meetings", 0, "country"), "XX"),
        "meetings[0].country",
        "'XX'",
    ),
    ("purpose not text", set_at(("purpose",), 5), "purpose", "expected a text"),
]


@pytest.mark.parametrize(
    ("change", "field", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_bad_input_names_the_field(change, field: str, message: str) -> None:
    document = copy.deepcopy(DOCUMENT)
    change(document)

    with pytest.raises(InputError) as caught:
        trip_from_json(document)

    assert caught.value.field == field
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{field}: ")


def test_a_document_that_is_not_an_object() -> None:
    with pytest.raises(InputError) as caught:
        trip_from_json([])  # type: ignore[arg-type]

    assert caught.value.field == "(the document)"
    assert caught.value.message == "expected an object, got a list"


def test_the_engine_refuses_an_unknown_country_rather_than_finding_no_tier() -> None:
    with pytest.raises(InputError) as caught:
        assess(
            shipped_pack("seed-sensitive-tech"),
            trip(leg("SG", "2026-06-01"), leg("QQ", "2026-06-02")),
        )

    assert caught.value.field == "legs[1].country"


def test_the_engine_refuses_a_trip_without_legs() -> None:
    with pytest.raises(InputError) as caught:
        assess(shipped_pack("seed-sensitive-tech"), trip())

    assert caught.value.field == "legs"
