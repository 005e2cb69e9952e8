"""Policy versions through the API: read by every role; checked, previewed (what-if) and issued
as a directive by oversight alone."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.audit.models import AuditEvent
from sojourn.conftest import TEST_PACK, Cast
from sojourn.directives import services
from sojourn.directives.models import Directive, PolicyVersion, ReassessmentRun
from sojourn.testing import builders
from sojourn.trips.models import Trip

TWO_STEPS = (
    TEST_PACK.read_text()
    .replace("version: 1", "version: 2")
    .replace("approvals: [org_security]", "approvals: [org_security, oversight]")
)
BROKEN = TWO_STEPS.replace("days: 7,", "days: seven,").replace("travel: allowed", "travel: maybe")
CAST = ["traveller", "colleague", "officer", "other_officer", "oversight", "auditor"]
SHIPPED = ["research-security@2", "seed-sensitive-tech@1", "us-sead3@1"]


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def refs(page: dict[str, Any]) -> list[str]:
    return [item["ref"] for item in page["items"]]


@pytest.fixture
def open_trips(cast: Cast, now: datetime.datetime) -> tuple[Trip, Trip]:
    waiting = builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Workshop in Berlin", purpose="conference")
    )
    approved = builders.approved(
        cast.colleague,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris", purpose="conference"),
    )
    return waiting, approved


# Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_every_role_reads_the_versions_and_whom_of_theirs_they_bind(cast, api_for, api_clock, who):
    answer = api_for(getattr(cast, who)).get("policies")

    assert answer.status == 200
    items = {item["ref"]: item for item in answer.json["items"]}
    assert set(items) == {"lifecycle-test@1", *SHIPPED}
    lab = items["lifecycle-test@1"]
    assert lab["in_force"] is True
    assert lab["shipped"] is False
    seed = items["seed-sensitive-tech@1"]
    assert seed["shipped"] is True
    # Who follows a pack is told only of the organisations the reader may see.
    followers = {
        "other_officer": ([], ["robo"]),
        "oversight": (["lab"], ["authority", "robo"]),
        "auditor": (["lab"], ["authority", "robo"]),
    }.get(who, (["lab"], []))
    assert [o["slug"] for o in lab["followed_by"]] == followers[0]
    assert [o["slug"] for o in seed["followed_by"]] == followers[1]
    assert "source" not in lab


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Travel by people in sensitive technology"), ("zh-hans", "敏感技术领域人员出行")],
)
def test_a_versions_title_is_in_the_callers_language(cast, api_for, api_clock, language, title):
    """GIVEN a shipped pack that writes its title in both languages WHEN a version is read with
    an Accept-Language THEN its title is the pack's in that language, in the list and alone."""
    api = api_for(cast.traveller)
    headers = {"Accept-Language": language}
    listed = api.call("GET", "policies", headers=headers).json["items"]
    assert {item["ref"]: item["title"] for item in listed}["seed-sensitive-tech@1"] == title
    alone = api.call("GET", "policies/seed-sensitive-tech/1", headers=headers).json
    assert alone["title"] == title


def test_reading_needs_a_token(cast, api_for, api_clock):
    assert api_for(None).get("policies").status == 401
    assert api_for(None).get("policies/lifecycle-test/1").status == 401


def test_a_version_reads_with_its_yaml(cast, api_for, api_clock):
    answer = api_for(cast.traveller).get("policies/lifecycle-test/1")
    assert answer.status == 200
    assert answer.json["source"] == TEST_PACK.read_text()
    assert answer.json["ref"] == "lifecycle-test@1"
    assert answer.json["in_force"] is True


@pytest.mark.parametrize("path", ["policies/lifecycle-test/9", "policies/nope/1"])
def test_a_missing_version_is_a_404(cast, api_for, api_clock, path):
    assert api_for(cast.oversight).get(path).status == 404


def test_the_list_filters_by_pack_and_pages_in_order(cast, api_for, api_clock, now):
    services.issue_policy_version(actor=cast.oversight, source=TWO_STEPS, note="", now=now)
    client = api_for(cast.officer)

    only = client.get("policies", pack_id="lifecycle-test").json
    assert refs(only) == ["lifecycle-test@2", "lifecycle-test@1"]
    assert [item["in_force"] for item in only["items"]] == [True, False]

    seen: list[str] = []
    page = client.get("policies", limit=2).json
    while True:
        seen.extend(refs(page))
        if not page["next"]:
            break
        page = client.get("policies", limit=2, cursor=page["next"]).json
    assert seen == ["lifecycle-test@2", "lifecycle-test@1", *SHIPPED]


def test_a_list_page_costs_the_same_queries_however_long(
    cast, api_for, api_clock, now, django_assert_max_num_queries
):
    client = api_for(cast.oversight)
    with CaptureQueriesContext(connection) as short:
        assert len(client.get("policies", limit=1).json["items"]) == 1
    services.issue_policy_version(actor=cast.oversight, source=TWO_STEPS, note="", now=now)
    with django_assert_max_num_queries(len(short)):
        assert len(client.get("policies").json["items"]) == 5


# Checking and issuing -------------------------------------------------------------------------


def test_checking_a_version_stores_nothing(cast, api_for, api_clock):
    answer = api_for(cast.oversight).post("policies", {"source": TWO_STEPS})

    assert answer.status == 200, answer.json
    got = answer.json
    assert (got["ref"], got["title"], got["tiers"]) == (
        "lifecycle-test@2",
        "Lifecycle test pack",
        ["reviewed"],
    )
    assert (got["issued"], got["policy"], got["directive"]) == (False, None, None)
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()
    assert not Directive.objects.exists()


def test_issuing_stores_the_version_as_a_directive_with_its_run(
    cast, api_for, api_clock, now, open_trips
):
    """GIVEN two open trips of the lab WHEN oversight uploads a new version of the lab's pack
    with `issue: true` THEN the version and its directive are stored and audited, and a run
    waits to re-assess the two trips."""
    answer = api_for(cast.oversight).post(
        "policies", {"source": TWO_STEPS, "issue": True, "note": "Oversight approves every trip."}
    )

    assert answer.status == 201, answer.json
    got = answer.json
    version = PolicyVersion.objects.get(pack_id="lifecycle-test", version=2)
    assert (version.issued_by, version.source) == (cast.oversight, TWO_STEPS)
    assert got["issued"] is True
    assert got["policy"]["id"] == version.pk
    assert got["policy"]["in_force"] is True
    assert got["policy"]["issued_by"]["username"] == "oversight"
    assert [o["slug"] for o in got["policy"]["followed_by"]] == ["lab"]
    directive = Directive.objects.get(policy_version=version)
    assert got["directive"]["id"] == directive.pk
    assert got["directive"]["kind"] == "policy"
    assert got["directive"]["text"] == "Oversight approves every trip."
    assert got["directive"]["policy"]["ref"] == "lifecycle-test@2"
    assert got["directive"]["run"]["status"] == "pending"
    assert got["directive"]["run"]["total"] == 2
    assert AuditEvent.objects.filter(action="directive.policy").count() == 1


def test_a_version_may_take_effect_later(cast, api_for, api_clock, now):
    later = now + datetime.timedelta(days=10)
    answer = api_for(cast.oversight).post(
        "policies", {"source": TWO_STEPS, "issue": True, "effective_from": later.isoformat()}
    )
    assert answer.status == 201
    assert answer.json["policy"]["in_force"] is False
    assert PolicyVersion.objects.get(version=2, pack_id="lifecycle-test").effective_from == later


def test_a_naive_effective_time_is_refused(cast, api_for, api_clock):
    answer = api_for(cast.oversight).post(
        "policies", {"source": TWO_STEPS, "issue": True, "effective_from": "2026-04-01T00:00:00"}
    )
    assert answer.status == 422
    assert "effective_from" in answer.problem_fields


def test_a_replayed_issue_issues_once(cast, api_for, api_clock):
    client = api_for(cast.oversight)
    key = {"Idempotency-Key": "policy-v2"}
    first = client.post("policies", {"source": TWO_STEPS, "issue": True}, headers=key)
    again = client.post("policies", {"source": TWO_STEPS, "issue": True}, headers=key)
    assert (first.status, again.status) == (201, 201)
    assert again.json == first.json
    assert PolicyVersion.objects.filter(pack_id="lifecycle-test").count() == 2
    assert Directive.objects.count() == 1
    assert ReassessmentRun.objects.count() == 1


def test_a_broken_pack_is_a_422_naming_each_path_with_line_and_column(cast, api_for, api_clock):
    answer = api_for(cast.oversight).post("policies", {"source": BROKEN, "issue": True})

    assert answer.status == 422
    fields = answer.problem_fields
    assert set(fields) == {"tiers.reviewed.travel", "tiers.reviewed.advance_notice.days"}
    line = line_of(BROKEN, "travel: maybe")
    assert fields["tiers.reviewed.travel"].startswith(f"line {line}, column ")
    problems = {problem["path"]: problem for problem in answer.json["problems"]}
    assert problems["tiers.reviewed.travel"]["line"] == line
    assert problems["tiers.reviewed.travel"]["column"] >= 1
    assert "maybe" in problems["tiers.reviewed.travel"]["message"]
    assert problems["tiers.reviewed.advance_notice.days"]["line"] == line_of(BROKEN, "days: seven")
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()


def test_a_version_that_is_not_newer_is_refused_at_its_line(cast, api_for, api_clock):
    answer = api_for(cast.oversight).post("policies", {"source": TEST_PACK.read_text()})
    assert answer.status == 422
    assert "not newer than 1" in answer.problem_fields["version"]
    (problem,) = answer.json["problems"]
    assert (problem["path"], problem["line"], problem["column"]) == (
        "version",
        line_of(TEST_PACK.read_text(), "version: 1"),
        1,
    )


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({}, "source"),
        ({"source": ""}, "source"),
        ({"source": "#" * (256 * 1024 + 1)}, "source"),
        ({"source": TWO_STEPS, "issue": "soon"}, "issue"),
        ({"source": TWO_STEPS, "version": 2}, "version"),
        ({"source": TWO_STEPS, "issued_by": 1}, "issued_by"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(cast, api_for, api_clock, sent, field):
    answer = api_for(cast.oversight).post("policies", sent)
    assert answer.status == 422
    assert field in answer.problem_fields
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()


def test_hostile_yaml_is_refused_safely(cast, api_for, api_clock):
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: !!python/object:os.system "ls"\n'
    answer = api_for(cast.oversight).post("policies", {"source": bomb})
    assert answer.status == 422
    assert answer.json["problems"]


@pytest.mark.parametrize("route", ["policies", "policies/whatif"])
def test_characters_yaml_cannot_read_are_a_422_at_their_place(cast, api_for, api_clock, route):
    answer = api_for(cast.oversight).post(route, {"source": "id: x\nversion: 2\x89\n"})
    assert answer.status == 422
    assert "source" in answer.problem_fields
    (problem,) = answer.json["problems"]
    assert (problem["line"], problem["column"]) == (2, 11)


def test_malformed_json_is_a_400(cast, api_for, api_clock):
    assert api_for(cast.oversight).post("policies", raw=b'{"source": ').status == 400


@pytest.mark.parametrize("who", ["traveller", "colleague", "officer", "other_officer", "auditor"])
def test_only_oversight_checks_issues_and_previews(cast, api_for, api_clock, who):
    client = api_for(getattr(cast, who))
    assert client.post("policies", {"source": TWO_STEPS}).status == 403
    assert client.post("policies", {"source": TWO_STEPS, "issue": True}).status == 403
    assert client.post("policies/whatif", {"source": TWO_STEPS}).status == 403
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()


def test_writing_needs_a_write_token(cast, api_for, api_clock):
    assert api_for(None).post("policies", {"source": TWO_STEPS}).status == 401
    read_only = api_for(cast.oversight, scope="read")
    assert read_only.post("policies", {"source": TWO_STEPS, "issue": True}).status == 403
    assert read_only.post("policies/whatif", {"source": TWO_STEPS}).status == 403


# What-if --------------------------------------------------------------------------------------


def test_the_whatif_counts_and_lists_the_trips_that_would_change_and_writes_nothing(
    cast, api_for, api_clock, open_trips
):
    """GIVEN two open trips of the lab WHEN oversight previews a version adding the oversight
    step THEN both are listed as stricter with their chains old and new; nothing is written."""
    versions = {trip.pk: trip.version for trip in open_trips}

    answer = api_for(cast.oversight).post("policies/whatif", {"source": TWO_STEPS})

    assert answer.status == 200, answer.json
    got = answer.json
    assert got["policy"] == "lifecycle-test@2"
    assert (got["examined"], got["changed"], got["approval_changes"], got["stricter"]) == (
        2,
        2,
        2,
        2,
    )
    assert got["truncated"] is False
    assert {row["trip_id"] for row in got["trips"]} == set(versions)
    row = got["trips"][0]
    assert row["old_approvals"] == ["org_security"]
    assert row["new_approvals"] == ["org_security", "oversight"]
    assert row["stricter"] is True
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()
    assert not ReassessmentRun.objects.exists()
    assert {t.pk: t.version for t in Trip.objects.filter(pk__in=versions)} == versions


def test_the_whatif_lists_at_most_the_limit_and_gives_the_total(
    cast, api_for, api_clock, open_trips
):
    answer = api_for(cast.oversight).post("policies/whatif", {"source": TWO_STEPS, "limit": 1})
    assert answer.status == 200
    assert (answer.json["changed"], len(answer.json["trips"])) == (2, 1)
    assert answer.json["truncated"] is True


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"source": TWO_STEPS, "limit": 0}, "limit"),
        ({"source": TWO_STEPS, "limit": 201}, "limit"),
        ({"source": TWO_STEPS, "issue": True}, "issue"),
        ({"source": BROKEN}, "tiers.reviewed.travel"),
    ],
)
def test_a_bad_whatif_is_a_422_naming_the_field(cast, api_for, api_clock, sent, field):
    answer = api_for(cast.oversight).post("policies/whatif", sent)
    assert answer.status == 422
    assert field in answer.problem_fields
