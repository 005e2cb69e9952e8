"""The trip document of `sojourn assess --trip`: the trip body with who travels and when it is
reported, read exactly, refused with every field that is wrong by its path."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from typing import Any

import pytest

from sojourn.policy import Leg, Meeting, assess, shipped_pack
from sojourn.trips.body import read_document
from sojourn.trips.errors import InvalidInput

DOCUMENT: dict[str, Any] = {
    "traveller": {"positions": ["founder"], "sectors": ["ai"], "home_country": "CN"},
    "reported_on": "2026-03-02",
    "title": "Summit in Paris",
    "purpose": "conference",
    "necessity": "Keynote.",
    "alternatives": "Remote talk declined.",
    "invitation_id": 7,
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
    "meetings": [
        {
            "counterpart": "A. Martin",
            "organisation": "Élysée",
            "country": "FR",
            "topics": "AI safety",
            "date": "2026-06-11",
        }
    ],
}


def test_the_document_reads_into_trip_facts() -> None:
    facts = read_document(DOCUMENT)

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
        "title": "Paris",
        "legs": [{"country": "FR", "starts_on": "2026-06-10", "ends_on": "2026-06-14"}],
    }

    facts = read_document(minimal)

    assert facts.purpose == "business"
    assert facts.meetings == ()
    assert facts.necessity == ""


def test_a_country_is_read_as_its_code_whatever_its_case() -> None:
    document = copy.deepcopy(DOCUMENT)
    document["legs"][1]["country"] = "fr"

    assert read_document(document).legs[1].country == "FR"


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


def rename(path: tuple[Any, ...], new: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target = document
        for part in path[:-1]:
            target = target[part]
        target[new] = target.pop(path[-1])

    return change


CASES = [
    (
        "end before start",
        set_at(("legs", 1, "ends_on"), "2026-06-01"),
        "legs[1].ends_on",
        "cannot end before it starts",
    ),
    ("unknown country", set_at(("legs", 0, "country"), "XX"), "legs[0].country", "XX is not"),
    ("bad date", set_at(("legs", 0, "starts_on"), "2026-02-30"), "legs[0].starts_on", "date"),
    ("date in another format", set_at(("reported_on",), "02/03/2026"), "reported_on", "YYYY"),
    ("missing leg field", drop(("legs", 1, "starts_on")), "legs[1].starts_on", "required"),
    ("missing traveller", drop(("traveller",)), "traveller", "required"),
    ("missing title", drop(("title",)), "title", "required"),
    ("blank title", set_at(("title",), "  "), "title", "title"),
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
    ("legs not a list", set_at(("legs",), {"country": "FR"}), "legs", "list"),
    ("leg not an object", set_at(("legs", 0), "FR"), "legs[0]", "dictionary"),
    ("transit as text", set_at(("legs", 0, "transit"), "yes"), "legs[0].transit", "boolean"),
    (
        "position not text",
        set_at(("traveller", "positions"), ["founder", 3]),
        "traveller.positions[1]",
        "string",
    ),
    (
        "the old name of a leg's first day",
        rename(("legs", 0, "starts_on"), "start"),
        "legs[0].start",
        "starts_on",
    ),
    (
        "the old name of the person met",
        rename(("meetings", 0, "counterpart"), "name"),
        "meetings[0].name",
        "counterpart",
    ),
    (
        "meeting without a counterpart",
        set_at(("meetings", 0, "counterpart"), " "),
        "meetings[0].counterpart",
        "whom",
    ),
    (
        "meeting country unknown",
        set_at(("meetings", 0, "country"), "XX"),
        "meetings[0].country",
        "XX is not",
    ),
    ("purpose unknown", set_at(("purpose",), "holiday"), "purpose", "conference"),
]


@pytest.mark.parametrize(
    ("change", "field", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_bad_input_names_the_field(change, field: str, message: str) -> None:
    document = copy.deepcopy(DOCUMENT)
    change(document)

    with pytest.raises(InvalidInput) as caught:
        read_document(document)

    assert field in caught.value.errors, caught.value.errors
    assert message in caught.value.errors[field]


def test_every_wrong_field_is_named_at_once() -> None:
    document = copy.deepcopy(DOCUMENT)
    document["legs"][0]["start"] = document["legs"][0].pop("starts_on")
    document["reported_on"] = "yesterday"

    with pytest.raises(InvalidInput) as caught:
        read_document(document)

    assert {"legs[0].start", "legs[0].starts_on", "reported_on"} <= set(caught.value.errors)


def test_a_document_that_is_not_an_object() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_document([])

    assert list(caught.value.errors) == ["(the document)"]
