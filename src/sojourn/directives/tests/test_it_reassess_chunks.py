"""A run re-assesses a chunk of trips in process: the right changes, the right writes, and a
number of queries per chunk that does not grow with the chunk."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.directives import reassess, services
from sojourn.directives.models import ReassessmentChange, ReassessmentRun
from sojourn.testing import builders
from sojourn.trips import services as lifecycle
from sojourn.trips.models import Trip, TripStatus
from sojourn.trips.tests.test_it_local_today import DEPARTS, NEW_YORK, Office, at, office, trip_of

DAY = datetime.timedelta(days=1)

# Version 2: Germany gets a stricter tier (oversight approves too); everywhere else keeps its
# tier, now approved automatically when nothing is found (looser).
STRICT_DE_LOOSER_ELSEWHERE = """\
id: lifecycle-test
version: 2
title: Lifecycle test pack
coverage:
  sectors: [ai, robotics]
  positions: [executive, founder, researcher]
  domestic: false
tiers:
  strict:
    destinations: [DE]
    travel: allowed
    advance_notice: {days: 7, business_days: false}
    approvals: [org_security, oversight]
    auto_approve: false
    checkin_hours: 24
    debrief: {depth: summary, days: 10, business_days: false, contacts_required: false}
    risk_weight: 40
  reviewed:
    destinations: ["*"]
    travel: allowed
    advance_notice: {days: 7, business_days: false}
    approvals: [org_security]
    auto_approve: true
    checkin_hours: 24
    debrief: {depth: summary, days: 10, business_days: false, contacts_required: false}
    risk_weight: 20
"""


def _snapshot(trip: Trip) -> tuple[object, ...]:
    trip = Trip.objects.get(pk=trip.pk)
    return (trip.status, trip.version, trip.review_round, trip.assessment, trip.tier, trip.route)


def test_a_chunk_reopens_the_stricter_records_the_looser_and_leaves_the_rest(cast, now):
    """GIVEN an approved trip to Germany, one awaiting review in Brazil, and one in Brazil
    reported late (its late-report finding keeps it under review) WHEN version 2 makes Germany
    stricter and the rest automatic THEN Germany is reopened and recorded as stricter, the
    timely Brazil trip is recorded as looser and left as it was, the late one is neither."""
    germany = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    brazil = builders.submitted(
        cast.traveller, now, builders.Itinerary(country="BR", title="Brazil")
    )
    late = builders.submitted(
        cast.traveller,
        now,
        builders.Itinerary(country="BR", title="Brazil, late", starts_in_days=3),
    )
    before_brazil, before_late = _snapshot(brazil), _snapshot(late)

    _directive, run = services.issue_policy_version(
        actor=cast.oversight, source=STRICT_DE_LOOSER_ELSEWHERE, note="", now=now
    )
    run = reassess.resume(run, now=now)

    assert (run.status, run.processed, run.changed) == ("done", 3, 1)
    changes = {c.trip_id: c for c in ReassessmentChange.objects.filter(run=run)}
    assert set(changes) == {germany.pk, brazil.pk}
    assert (changes[germany.pk].stricter, changes[germany.pk].action) == (True, "reopened")
    assert (changes[germany.pk].old_tier, changes[germany.pk].new_tier) == ("reviewed", "strict")
    assert (changes[brazil.pk].stricter, changes[brazil.pk].action) == (False, "looser_kept")
    assert (changes[brazil.pk].old_route, changes[brazil.pk].new_route) == (
        "review",
        "auto_approve",
    )
    reopened = Trip.objects.get(pk=germany.pk)
    assert (reopened.status, reopened.needs_reapproval, reopened.tier) == (
        TripStatus.SUBMITTED,
        True,
        "strict",
    )
    assert reopened.policy == "lifecycle-test@2"
    assert _snapshot(brazil) == before_brazil
    assert _snapshot(late) == before_late


def test_the_queries_of_a_chunk_do_not_grow_with_its_size(cast, now):
    """GIVEN six trips whose outcome gets looser (each one recorded) WHEN a run takes all six
    in one chunk, and another run resumed after the fourth takes the last two THEN both cost
    the same number of queries."""
    trips = [
        builders.submitted(
            cast.traveller, now, builders.Itinerary(country="BR", title=f"Brazil {i}")
        )
        for i in range(6)
    ]
    directive, warm_up = services.issue_policy_version(
        actor=cast.oversight, source=STRICT_DE_LOOSER_ELSEWHERE, note="", now=now
    )
    reassess.resume(warm_up, now=now)

    counted = {}
    for cursor, expected in ((0, 6), (trips[3].pk, 2)):
        run = reassess.start(directive, now=now)
        ReassessmentRun.objects.filter(pk=run.pk).update(cursor=cursor)
        with CaptureQueriesContext(connection) as queries:
            run = reassess.resume(run, now=now, chunk_size=6)
        assert ReassessmentChange.objects.filter(run=run, action="looser_kept").count() == expected
        counted[expected] = len(queries)

    assert counted[6] == counted[2], counted


def test_a_chunk_assesses_each_trip_exactly_as_the_one_trip_assess_does(cast, now):
    """GIVEN open trips of two travellers to several destinations, then a hold on one traveller
    and an advisory in force WHEN a chunk is read as rows and evaluated THEN each outcome is the one
    `trips.assessing.assess` gives the trip with its models."""
    from sojourn.people.today import today_of
    from sojourn.trips.assessing import assess

    builders.approved(cast.traveller, now, reviewers=[cast.officer])
    builders.submitted(cast.traveller, now, builders.Itinerary(country="FR", title="Paris"))
    builders.submitted(
        cast.traveller, now, builders.Itinerary(country="BR", title="Late", starts_in_days=2)
    )
    builders.submitted(cast.colleague, now, builders.Itinerary(country="JP", title="Tokyo"))
    services.instruct_hold(
        actor=cast.oversight,
        person=cast.colleague,
        hold_until=now.date() + 60 * DAY,
        text="Hold.",
        now=now,
    )
    services.issue_advisory(
        actor=cast.oversight,
        destinations=["FR"],
        starts_on=now.date(),
        ends_on=now.date() + 90 * DAY,
        effect="prohibit",
        text="France suspended.",
        now=now,
    )
    chunk, organisations = reassess._read(reassess.open_trips(now), after=0, size=50, now=now)
    policy = reassess.in_force(organisations.values(), now)

    assert len(chunk) == 4
    findings = {}
    for row in chunk:
        trip = Trip.objects.get(pk=row.id)
        assert trip.submitted_at is not None
        expected = assess(
            trip,
            today=today_of(trip.organisation, now),
            reported_on=today_of(trip.organisation, trip.submitted_at),
        )
        outcome = policy.assess(row)
        assert outcome.to_dict() == expected.to_dict(), trip.title
        findings[trip.title] = {finding.code for finding in outcome.findings}
    assert "travel_hold" in findings["Tokyo"]
    assert "prohibited_destination" in findings["Paris"]
    assert "late_report" in findings["Late"]


def test_reopening_six_trips_of_a_chunk_costs_the_queries_of_two(cast, now):
    """GIVEN approved trips: one of a third traveller, two of the colleague, six of the
    traveller WHEN a hold on each person is re-assessed (the first run warms up), each run's
    trips in one chunk THEN the chunk that reopens six trips costs the queries of the one that
    reopens two: the stricter trips are reopened together."""
    third = builders.traveller("third", organisation=cast.lab)
    for traveller, count in ((third, 1), (cast.colleague, 2), (cast.traveller, 6)):
        for i in range(count):
            builders.approved(
                traveller,
                now,
                reviewers=[cast.officer],
                itinerary=builders.Itinerary(title=f"{traveller} {i}"),
            )

    counted = {}
    for traveller, expected in ((third, 1), (cast.colleague, 2), (cast.traveller, 6)):
        _directive, run = services.instruct_hold(
            actor=cast.oversight,
            person=traveller,
            hold_until=now.date() + 60 * DAY,
            text="Hold.",
            now=now,
        )
        with CaptureQueriesContext(connection) as queries:
            run = reassess.resume(run, now=now, chunk_size=6)
        assert (run.processed, run.changed) == (expected, expected)
        counted[expected] = len(queries)

    assert Trip.objects.filter(needs_reapproval=True, review_round=2).count() == 9
    assert counted[6] == counted[2], counted


@pytest.fixture
def new_york(db: None) -> Office:
    return office("newyork", "America/New_York", "US")


def test_a_new_york_report_in_time_stays_in_time_when_reassessed(new_york):
    """GIVEN a New York trip submitted at 20:00 New York time (already tomorrow in UTC) on its
    last day to report, so not late WHEN a re-assessment runs that evening THEN the chunk
    evaluates it as reported on New York's date: no late-report finding, nothing recorded, the
    trip as it was."""
    moment = at(DEPARTS - 7 * DAY, 20, NEW_YORK)
    assert moment.date() == DEPARTS - 6 * DAY
    trip = trip_of(new_york, written_at=moment - 2 * DAY)
    trip = lifecycle.submit(trip, actor=new_york.traveller, now=moment)
    assert (trip.status, trip.late_report) == (TripStatus.SUBMITTED, False)
    before = _snapshot(trip)
    later = moment + datetime.timedelta(hours=1)

    chunk, organisations = reassess._read(reassess.open_trips(later), after=0, size=10, now=later)
    outcome = reassess.in_force(organisations.values(), later).assess(chunk[0])
    run = reassess.resume(reassess.start(None, now=later), now=later)

    assert chunk[0].facts.reported_on == DEPARTS - 7 * DAY
    assert "late_report" not in [finding.code for finding in outcome.findings]
    assert outcome.to_dict() == trip.assessment
    assert (run.processed, run.changed) == (1, 0)
    assert not ReassessmentChange.objects.filter(run=run).exists()
    assert _snapshot(trip) == before
