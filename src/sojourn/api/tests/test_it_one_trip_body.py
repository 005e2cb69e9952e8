"""One trip body: the JSON `POST /trips` takes is what `POST /assess` takes and what `sojourn
assess --trip FILE` reads (the command line adds who travels and the reporting date). The same
document gets the same assessment from all three, and an old field name is refused by all
three, naming the field."""

from __future__ import annotations

import copy
import datetime
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sojourn.api.schemas.trips import Assessment
from sojourn.conftest import TEST_PACK, Cast
from sojourn.people.today import today_of
from sojourn.trips.assessing import traveller_of

DAY = datetime.timedelta(days=1)


def body(now: datetime.datetime) -> dict[str, Any]:
    """A trip reported three days before it starts (late under the lab's pack), with every
    field of the body filled in."""
    starts_on = now.date() + 3 * DAY
    return {
        "title": "Workshop in Berlin",
        "purpose": "academic",
        "necessity": "The partner's lab is where the robot is.",
        "alternatives": "A video call cannot show the hardware.",
        "legs": [
            {
                "country": "DE",
                "city": "Berlin",
                "starts_on": starts_on.isoformat(),
                "ends_on": (starts_on + 2 * DAY).isoformat(),
                "transit": False,
            }
        ],
        "meetings": [
            {
                "counterpart": "Dr. Weber",
                "organisation": "TU Berlin",
                "country": "DE",
                "topics": "robot learning",
                "date": (starts_on + DAY).isoformat(),
            }
        ],
    }


def document(cast: Cast, now: datetime.datetime, trip: dict[str, Any]) -> dict[str, Any]:
    """The body as the command line reads it: with the traveller and the reporting date."""
    traveller = traveller_of(cast.traveller.person, cast.lab)
    return {
        **trip,
        "traveller": {
            "positions": list(traveller.positions),
            "sectors": list(traveller.sectors),
            "home_country": traveller.home_country,
        },
        "reported_on": today_of(cast.lab, now).isoformat(),
    }


def command_line(tmp_path: Path, trip: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "trip.json"
    path.write_text(json.dumps(trip))
    out = StringIO()
    call_command("assess", "--policy", str(TEST_PACK), "--trip", str(path), stdout=out)
    answer: dict[str, Any] = json.loads(out.getvalue())
    return answer


def test_one_document_is_taken_by_all_three_and_assessed_alike(
    cast, api_for, api_clock, now, tmp_path
):
    """GIVEN one trip body WHEN the traveller reports it (POST /trips), assesses it (POST
    /assess) and assesses it on the command line with their traveller facts THEN all three take
    it and the draft's live assessment, the API's and the command line's are the same."""
    trip = body(now)
    api = api_for(cast.traveller)

    created = api.post("trips", trip)
    assessed = api.post("assess", trip)
    printed = command_line(tmp_path, document(cast, now, trip))

    assert created.status == 201, created.json
    assert assessed.status == 200, assessed.json
    stored = created.json
    assert stored["legs"] == trip["legs"]
    assert stored["meetings"] == trip["meetings"]
    live = stored["assessment"]
    assert stored["assessment_kind"] == "live"
    assert [finding["code"] for finding in live["findings"]] == ["late_report"]
    assert assessed.json["assessment"] == live
    assert Assessment.of(printed).model_dump(mode="json") == live


OLD_NAMES = [
    (("legs", 0, "starts_on"), "start", "legs[0].start"),
    (("legs", 0, "ends_on"), "end", "legs[0].end"),
    (("meetings", 0, "counterpart"), "name", "meetings[0].name"),
    (("meetings", 0, "organisation"), "organization", "meetings[0].organization"),
    (("meetings", 0, "topics"), "topic", "meetings[0].topic"),
]


def renamed(trip: dict[str, Any], path: tuple[Any, ...], old: str) -> dict[str, Any]:
    changed = copy.deepcopy(trip)
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[old] = target.pop(path[-1])
    return changed


@pytest.mark.parametrize(
    ("path", "old", "field"), OLD_NAMES, ids=[old for _path, old, _field in OLD_NAMES]
)
def test_an_old_name_is_refused_by_all_three_naming_the_field(
    cast, api_for, api_clock, now, tmp_path, path, old, field
):
    trip = renamed(body(now), path, old)
    api = api_for(cast.traveller)

    created = api.post("trips", trip)
    assessed = api.post("assess", trip)
    with pytest.raises(CommandError) as printed:
        command_line(tmp_path, document(cast, now, trip))

    assert created.status == 422
    assert field in created.problem_fields
    assert assessed.status == 422
    assert field in assessed.problem_fields
    assert printed.value.returncode == 2
    assert f"{field}: " in str(printed.value)


def test_input_the_body_refuses_is_refused_at_the_same_path_by_all_three(
    cast, api_for, api_clock, now, tmp_path
):
    """A leg ending before it starts and a meeting in no country are refused alike."""
    trip = body(now)
    trip["legs"][0]["ends_on"] = (now.date() - DAY).isoformat()
    trip["meetings"][0]["country"] = "XX"
    api = api_for(cast.traveller)

    created = api.post("trips", trip)
    assessed = api.post("assess", trip)
    with pytest.raises(CommandError) as printed:
        command_line(tmp_path, document(cast, now, trip))

    wrong = {"legs[0].ends_on", "meetings[0].country"}
    assert (created.status, assessed.status, printed.value.returncode) == (422, 422, 2)
    assert wrong <= set(created.problem_fields)
    assert set(assessed.problem_fields) == set(created.problem_fields)
    assert all(f"{field}: " in str(printed.value) for field in wrong)


LEG_FIELDS = ["country", "city", "starts_on", "ends_on", "transit"]
TRIP_FIELDS = [
    "title",
    "purpose",
    "necessity",
    "alternatives",
    "invitation_id",
    "legs",
    "meetings",
]


def test_an_unknown_field_has_a_code_and_the_fields_its_object_takes_as_the_cli_says(
    cast, api_for, api_clock, now, tmp_path
):
    """GIVEN a body with a misspelt leg field and a field no trip has WHEN it is created,
    assessed, patched into a draft and read on the command line THEN each answers the code
    `unknown_field` at its path, with the fields of the object it is in, in the command line's
    words."""
    trip = body(now)
    trip["legs"][0]["citty"] = "Berlin"
    trip["surprise"] = True
    api = api_for(cast.traveller)
    draft = api.post("trips", body(now)).json

    created = api.post("trips", trip)
    assessed = api.post("assess", trip)
    patched = api.patch(f"trips/{draft['id']}", {"version": draft["version"], "legs": trip["legs"]})
    with pytest.raises(CommandError) as printed:
        command_line(tmp_path, document(cast, now, trip))

    message = "Unknown field; this object's fields are: " + ", ".join(LEG_FIELDS) + "."
    leg_error = {
        "field": "legs[0].citty",
        "code": "unknown_field",
        "params": {"fields": LEG_FIELDS},
        "message": message,
    }
    for answer in (created, assessed, patched):
        assert answer.status == 422
        assert answer.content_type == "application/problem+json"
        errors = {error["field"]: error for error in answer.json["errors"]}
        assert errors["legs[0].citty"] == leg_error
    assert f"legs[0].citty: {message}" in str(printed.value)
    created_errors = {error["field"]: error for error in created.json["errors"]}
    assert created_errors["surprise"]["params"] == {"fields": TRIP_FIELDS}
    assessed_errors = {error["field"]: error for error in assessed.json["errors"]}
    assert assessed_errors["surprise"]["params"] == {"fields": [*TRIP_FIELDS, "traveller_id"]}


def test_an_unknown_field_is_worded_in_the_callers_language(cast, api_for, api_clock, now):
    trip = body(now)
    trip["legs"][0]["citty"] = "Berlin"

    answer = api_for(cast.traveller).post("trips", trip, headers={"Accept-Language": "zh-hans"})

    (error,) = answer.json["errors"]
    assert (error["code"], error["params"]["fields"]) == ("unknown_field", LEG_FIELDS)
    assert error["message"].startswith("未知字段")
