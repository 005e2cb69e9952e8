"""`POST /assess`: a hypothetical trip assessed for the caller, or by an officer or oversight
for one of the people they look after, under that person's policy. Nothing is stored."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.people.models import Position
from sojourn.testing import builders
from sojourn.trips.models import Trip

DAY = datetime.timedelta(days=1)


def trip(now: datetime.datetime, *, country: str = "FR", in_days: int = 30, **changes: Any):
    start = now.date() + in_days * DAY
    return {
        "title": "Workshop in Paris",
        "purpose": "academic",
        "legs": [
            {
                "country": country,
                "city": "Paris",
                "starts_on": start.isoformat(),
                "ends_on": (start + 4 * DAY).isoformat(),
            }
        ],
        "meetings": [{"counterpart": "Dr. Martin", "organisation": "INRIA", "country": country}],
        **changes,
    }


@pytest.fixture
def robo_founder(cast: Cast) -> User:
    """A robotics founder: their organisation follows the seed pack (the US restricted)."""
    return builders.traveller("founder", organisation=cast.robo, position=Position.FOUNDER)


def events() -> list[str]:
    """The audit trail, less the making and the use of the test's own token."""
    own_token = AuditEvent.objects.exclude(action__in=["token.created", "token.used"])
    return list(own_token.values_list("action", flat=True))


@pytest.fixture
def nothing_stored():
    """Fails the test if the assessment stored a trip or wrote an audit event."""
    before = events()
    yield
    assert not Trip.objects.exists()
    assert events() == before


def test_a_traveller_assesses_a_trip_of_their_own_and_nothing_is_stored(
    cast, api_for, api_clock, now, nothing_stored
):
    answer = api_for(cast.traveller).post("assess", trip(now))

    assert answer.status == 200, answer.json
    got = answer.json
    assert got["traveller"]["username"] == "traveller"
    assert got["assessed_on"] == now.date().isoformat()
    assessment = got["assessment"]
    assert (assessment["policy"], assessment["tier"], assessment["route"]) == (
        "lifecycle-test@1",
        "reviewed",
        "review",
    )
    assert assessment["approvals"] == ["org_security"]
    assert assessment["report_by"] == (now.date() + 23 * DAY).isoformat()
    assert assessment["findings"] == []


def test_a_trip_too_soon_is_assessed_as_reported_late_today(
    cast, api_for, api_clock, now, nothing_stored
):
    answer = api_for(cast.traveller).post("assess", trip(now, in_days=2))
    assert answer.status == 200
    assert "late_report" in [f["code"] for f in answer.json["assessment"]["findings"]]


def test_an_officer_assesses_for_their_traveller_under_the_travellers_policy(
    cast, api_for, api_clock, now, robo_founder, nothing_stored
):
    """GIVEN a robotics founder, whose organisation follows the seed pack WHEN their officer
    assesses a US trip for them THEN it is restricted and asks for necessity and alternatives,
    as it would be for the founder."""
    answer = api_for(cast.other_officer).post(
        "assess", trip(now, country="US", traveller_id=robo_founder.pk)
    )

    assert answer.status == 200, answer.json
    assert answer.json["traveller"]["username"] == "founder"
    assessment = answer.json["assessment"]
    assert assessment["policy"] == "seed-sensitive-tech@1"
    assert assessment["tier"] == "restricted"
    assert assessment["necessity_required"] is True
    assert "necessity_missing" in [f["code"] for f in assessment["findings"]]
    assert assessment["approvals"] == ["org_security", "oversight"]


@pytest.mark.parametrize(
    ("language", "tier_label", "message"),
    [
        ("en", "Restricted", "Travel in tier “Restricted” is discouraged"),
        ("zh-hans", "受限", "不鼓励“受限”等级的出行"),
    ],
)
def test_findings_keep_their_code_and_speak_the_callers_language(
    cast, api_for, api_clock, now, robo_founder, language, tier_label, message
):
    """GIVEN a US trip of a robotics founder WHEN assessed with an Accept-Language THEN each
    finding keeps its code and params and its message is in that language, and so are the
    tier's label, the device guidance and the risk factors."""
    answer = api_for(cast.other_officer).call(
        "POST",
        "assess",
        trip(now, country="US", traveller_id=robo_founder.pk),
        headers={"Accept-Language": language},
    )

    assert answer.status == 200, answer.json
    assessment = answer.json["assessment"]
    (necessity,) = [f for f in assessment["findings"] if f["code"] == "necessity_missing"]
    assert necessity["params"]["tier"] == "restricted"
    assert necessity["params"]["missing"] == ["necessity", "alternatives"]
    assert necessity["message"].startswith(message)
    assert assessment["tier"] == "restricted"
    assert assessment["tier_label"] == tier_label
    assert assessment["risk"]["factors"][0]["code"] == "tier"
    assert assessment["risk"]["factors"][0]["points"] == 60
    assert tier_label in assessment["risk"]["factors"][0]["message"]


def test_necessity_given_is_taken_into_account(cast, api_for, api_clock, now, robo_founder):
    sent = trip(
        now,
        country="US",
        traveller_id=robo_founder.pk,
        necessity="The only meeting of the standards body this year.",
        alternatives="Remote attendance is not offered.",
    )
    answer = api_for(cast.oversight).post("assess", sent)
    assert answer.status == 200
    assert "necessity_missing" not in [f["code"] for f in answer.json["assessment"]["findings"]]


@pytest.mark.parametrize(
    ("who", "whom", "status"),
    [
        ("traveller", "traveller", 200),
        ("traveller", "colleague", 404),
        ("colleague", "traveller", 404),
        ("officer", "traveller", 200),
        ("officer", "colleague", 200),
        ("officer", "other_officer", 404),
        ("other_officer", "traveller", 404),
        ("oversight", "traveller", 200),
        ("oversight", "other_officer", 200),
        ("auditor", "traveller", 403),
        ("auditor", "auditor", 200),
    ],
)
def test_who_may_assess_for_whom(cast, api_for, api_clock, now, who, whom, status):
    before = events()
    answer = api_for(getattr(cast, who)).post(
        "assess", trip(now, traveller_id=getattr(cast, whom).pk)
    )
    assert answer.status == status
    if status == 200:
        assert answer.json["traveller"]["username"] == whom
    else:
        assert "assessment" not in answer.json
    assert events() == before
    assert not Trip.objects.exists()


def test_an_unknown_person_is_a_404(cast, api_for, api_clock, now):
    answer = api_for(cast.oversight).post("assess", trip(now, traveller_id=999999))
    assert answer.status == 404


def test_without_a_token_401_and_with_a_read_token_403(cast, api_for, api_clock, now):
    assert api_for(None).post("assess", trip(now)).status == 401
    assert api_for(cast.traveller, scope="read").post("assess", trip(now)).status == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"legs": []}, "legs"),
        ({"legs": None}, "legs"),
        ({"purpose": "holiday"}, "purpose"),
        ({"status": "approved"}, "status"),
        ({"version": 3}, "version"),
        ({"reviews": []}, "reviews"),
        ({"traveller_id": "someone"}, "traveller_id"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(cast, api_for, api_clock, now, change, field):
    answer = api_for(cast.traveller).post("assess", trip(now, **change))
    assert answer.status == 422
    assert field in answer.problem_fields


@pytest.mark.parametrize(
    ("leg", "field"),
    [
        ({"country": "ZZ"}, "legs[0].country"),
        ({"country": "FRA"}, "legs[0].country"),
        ({"ends_on": "2026-01-01"}, "legs[0].ends_on"),
        ({"starts_on": "2026-02-30"}, "legs[0].starts_on"),
        ({"transit": "sometimes"}, "legs[0].transit"),
        ({"stay": "hotel"}, "legs[0].stay"),
    ],
)
def test_a_bad_leg_is_named_by_its_place(cast, api_for, api_clock, now, leg, field):
    sent = trip(now)
    sent["legs"][0].update(leg)
    answer = api_for(cast.traveller).post("assess", sent)
    assert answer.status == 422
    assert field in answer.problem_fields


def test_a_bad_meeting_country_is_named(cast, api_for, api_clock, now):
    sent = trip(now, meetings=[{"counterpart": "Dr. Martin", "country": "QQ"}])
    answer = api_for(cast.traveller).post("assess", sent)
    assert answer.status == 422
    assert set(answer.problem_fields) == {"meetings[0].country"}


def test_malformed_json_is_a_400(cast, api_for, api_clock):
    answer = api_for(cast.traveller).post("assess", raw=b"{legs: [")
    assert answer.status == 400
