"""Issuing a new policy version re-assesses the trips of the organisations that follow it."""

from __future__ import annotations

import datetime

import pytest

from sojourn.conftest import TEST_PACK
from sojourn.directives import reassess, registry, services, whatif
from sojourn.directives.models import PolicyVersion, ReassessmentRun
from sojourn.testing import builders
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)
TWO_STEPS = (
    TEST_PACK.read_text()
    .replace("version: 1", "version: 2")
    .replace("approvals: [org_security]", "approvals: [org_security, oversight]")
)


def test_the_shipped_packs_are_recorded_as_policy_versions(db):
    shipped = set(PolicyVersion.objects.filter(shipped=True).values_list("pack_id", flat=True))

    assert shipped == {"seed-sensitive-tech", "us-sead3", "research-security"}
    version = registry.current_version("seed-sensitive-tech", datetime.datetime.now(datetime.UTC))
    assert registry.pack_of(version).ref == version.ref


def test_registering_twice_changes_nothing(db):
    before = PolicyVersion.objects.count()
    registry.register_shipped_packs()
    assert PolicyVersion.objects.count() == before


def test_a_new_version_adds_an_approval_step_to_trips_awaiting_review(cast, now):
    waiting = builders.submitted(cast.traveller, now)
    approved = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Approved already"),
    )

    directive, run = services.issue_policy_version(
        actor=cast.oversight, source=TWO_STEPS, note="Oversight approves every trip.", now=now
    )
    run = reassess.resume(run, now=now)

    assert directive.policy_version is not None
    assert directive.policy_version.ref == "lifecycle-test@2"
    assert (run.total, run.changed) == (2, 2)
    for trip in (Trip.objects.get(pk=waiting.pk), Trip.objects.get(pk=approved.pk)):
        assert trip.status == TripStatus.SUBMITTED
        assert trip.policy == "lifecycle-test@2"
        assert list(
            trip.reviews.filter(round=trip.review_round).values_list("step", flat=True)
        ) == ["org_security", "oversight"]


def test_the_new_version_applies_to_new_submissions(cast, now):
    services.issue_policy_version(actor=cast.oversight, source=TWO_STEPS, note="", now=now)

    trip = builders.submitted(cast.traveller, now)

    assert trip.policy == "lifecycle-test@2"
    assert trip.approvals == ["org_security", "oversight"]


def test_an_invalid_pack_is_refused_with_every_problem_by_path(cast, now):
    broken = TWO_STEPS.replace("days: 7,", "days: seven,").replace(
        "travel: allowed", "travel: maybe"
    )

    with pytest.raises(InvalidInput) as refused:
        services.issue_policy_version(actor=cast.oversight, source=broken, note="", now=now)

    paths = set(refused.value.errors)
    assert "tiers.reviewed.advance_notice.days" in paths
    assert "tiers.reviewed.travel" in paths
    assert not PolicyVersion.objects.filter(pack_id="lifecycle-test", version=2).exists()


def test_a_version_must_be_newer_than_the_last(cast, now):
    with pytest.raises(InvalidInput) as refused:
        services.issue_policy_version(
            actor=cast.oversight, source=TEST_PACK.read_text(), note="", now=now
        )

    assert "version" in refused.value.errors


def test_an_interrupted_run_goes_on_from_its_cursor(cast, now, monkeypatch):
    """GIVEN three trips WHEN a run crashes on the second THEN it is failed with its cursor after
    the first; WHEN resumed THEN it finishes, and each trip was re-assessed exactly once."""
    trips = [
        builders.submitted(cast.traveller, now, builders.Itinerary(title=f"Trip {i}"))
        for i in range(3)
    ]
    _directive, run = services.issue_policy_version(
        actor=cast.oversight, source=TWO_STEPS, note="", now=now
    )
    real = reassess._compare
    calls = []

    def flaky(run, trip, new):
        calls.append(trip.id)
        if trip.id == trips[1].pk and calls.count(trip.id) == 1:
            raise RuntimeError("worker killed")
        return real(run, trip, new)

    monkeypatch.setattr(reassess, "_compare", flaky)
    with pytest.raises(RuntimeError):
        reassess.resume(run, now=now, chunk_size=1)
    run.refresh_from_db()
    assert (run.status, run.cursor, run.processed) == ("failed", trips[0].pk, 1)

    seen = []
    run = reassess.resume(run, now=now, chunk_size=1, progress=lambda r: seen.append(r.processed))

    assert (run.status, run.processed, run.changed) == ("done", 3, 3)
    assert seen == [2, 3]
    assert all(Trip.objects.get(pk=t.pk).review_round == 2 for t in trips)


def test_a_run_in_another_process_is_not_taken_over(cast, now):
    builders.submitted(cast.traveller, now)
    _directive, run = services.issue_policy_version(
        actor=cast.oversight, source=TWO_STEPS, note="", now=now
    )
    ReassessmentRun.objects.filter(pk=run.pk).update(status="running", heartbeat_at=now)

    untouched = reassess.resume(run, now=now + datetime.timedelta(minutes=1))

    assert (untouched.status, untouched.processed) == ("running", 0)
    taken = reassess.resume(run, now=now + datetime.timedelta(minutes=11))
    assert (taken.status, taken.processed) == ("done", 1)


def test_whatif_reports_the_changes_and_writes_nothing(cast, now):
    from sojourn.audit.models import AuditEvent
    from sojourn.policy import load_pack

    trip = builders.submitted(cast.traveller, now)
    builders.draft(cast.traveller, now, builders.Itinerary(title="A draft is not an open trip"))
    before = (Trip.objects.get(pk=trip.pk).version, AuditEvent.objects.count())

    report = whatif.whatif(load_pack(TWO_STEPS), now=now)

    assert (report.examined, report.stricter) == (1, 1)
    assert report.policy == "lifecycle-test@2"
    assert (Trip.objects.get(pk=trip.pk).version, AuditEvent.objects.count()) == before
