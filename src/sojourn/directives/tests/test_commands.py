"""The policy commands other tools rely on: assess, policy validate / list / whatif, reassess."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sojourn.conftest import TEST_PACK
from sojourn.directives import services
from sojourn.testing import builders
from sojourn.trips.models import TripStatus

TRIP = {
    "traveller": {"positions": ["founder"], "sectors": ["ai"], "home_country": "CN"},
    "purpose": "conference",
    "reported_on": "2026-03-01",
    "title": "Summit in Paris",
    "necessity": "",
    "alternatives": "",
    "legs": [
        {
            "country": "FR",
            "city": "Paris",
            "starts_on": "2026-03-20",
            "ends_on": "2026-03-22",
            "transit": False,
        }
    ],
    "meetings": [{"counterpart": "A. Martin", "organisation": "Elysée", "country": "FR"}],
}


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_assess_prints_the_assessment_as_json(db, tmp_path):
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps(TRIP))

    result = json.loads(run("assess", "--policy", "seed-sensitive-tech", "--trip", str(trip)))

    assert result["policy"].startswith("seed-sensitive-tech@")
    assert (result["tier"], result["route"]) == ("restricted", "review")
    assert result["approvals"] == ["org_security", "oversight"]
    codes = {f["code"] for f in result["findings"]}
    assert {"late_report", "necessity_missing"} <= codes


def test_assess_takes_a_pack_file_too(db, tmp_path):
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps(TRIP))

    result = json.loads(run("assess", "--policy", str(TEST_PACK), "--trip", str(trip)))

    assert result["policy"] == "lifecycle-test@1"
    assert result["tier"] == "reviewed"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"legs": [{**TRIP["legs"][0], "ends_on": "2026-03-01"}]}, "legs[0].ends_on"),  # type: ignore[index]
        ({"legs": [{**TRIP["legs"][0], "country": "XX"}]}, "legs[0].country"),  # type: ignore[index]
        ({"reported_on": "yesterday"}, "reported_on"),
    ],
)
def test_assess_names_the_bad_field_and_exits_2(db, tmp_path, change, field):
    trip = tmp_path / "trip.json"
    trip.write_text(json.dumps({**TRIP, **change}))

    with pytest.raises(CommandError) as refused:
        run("assess", "--policy", "seed-sensitive-tech", "--trip", str(trip))

    assert refused.value.returncode == 2
    assert field in str(refused.value)


def test_policy_validate_accepts_a_good_pack(db):
    assert "valid pack lifecycle-test@1" in run("policy", "validate", str(TEST_PACK))


def test_policy_validate_lists_every_problem_and_exits_2(db, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        TEST_PACK.read_text()
        .replace("days: 7,", "dayz: 7,")
        .replace("travel: allowed", "travel: sometimes")
    )

    with pytest.raises(CommandError) as refused:
        run("policy", "validate", str(broken))

    assert refused.value.returncode == 2
    assert "tiers.reviewed.advance_notice" in str(refused.value)
    assert "tiers.reviewed.travel" in str(refused.value)


def test_policy_list_shows_versions_and_who_follows_them(cast):
    listing = run("policy", "list")

    assert "seed-sensitive-tech@" in listing
    assert "lifecycle-test@1" in listing
    assert "lab follows lifecycle-test@1" in listing


def test_policy_whatif_reports_as_json(cast, now, tmp_path):
    builders.submitted(cast.traveller, now)
    two_steps = tmp_path / "two.yaml"
    two_steps.write_text(
        TEST_PACK.read_text()
        .replace("version: 1", "version: 2")
        .replace("approvals: [org_security]", "approvals: [org_security, oversight]")
    )

    report = json.loads(run("policy", "whatif", str(two_steps), "--json"))

    assert report["policy"] == "lifecycle-test@2"
    assert (report["examined"], report["approval_changes"], report["stricter"]) == (1, 1, 1)
    assert report["rows"][0]["new_approvals"] == ["org_security", "oversight"]


def test_reassess_finishes_pending_runs(cast, now):
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    services.issue_advisory(
        actor=cast.oversight,
        destinations=["DE"],
        starts_on=now.date(),
        ends_on=now.date() + datetime.timedelta(days=90),
        effect="prohibit",
        text="Suspended.",
        now=now,
    )

    output = run("reassess")

    assert "done, 1/1 trips, 1 made stricter" in output
    trip.refresh_from_db()
    assert trip.status == TripStatus.SUBMITTED
