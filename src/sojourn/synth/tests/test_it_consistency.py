"""Every column the app keeps in step agrees with what it is kept in step with, as the services
would have left it: dates with legs, assessments with the engine, reviews with the chain,
debriefs with closed trips, check-ins with trips abroad."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, F, Max, Min, Q

from sojourn.care.models import CheckIn, Escalation
from sojourn.debriefs.models import Debrief
from sojourn.synth.approvals import EMERGENCY_FINDING
from sojourn.synth.tests.conftest import NOW
from sojourn.trips.assessing import assess, assess_facts, facts_of
from sojourn.trips.models import Invitation, Review, ReviewDecision, Trip
from sojourn.trips.services.core import DEFAULT_DEBRIEF_DAYS

TODAY = NOW.date()


def test_departure_and_return_are_the_first_and_last_days_of_the_legs(small_world):
    spans = Trip.objects.annotate(first=Min("legs__starts_on"), last=Max("legs__ends_on"))
    rows = spans.values_list("pk", "starts_on", "ends_on", "first", "last")
    assert [pk for pk, starts, ends, first, last in rows if (starts, ends) != (first, last)] == []
    assert not spans.filter(first__isnull=True).exists()
    assert Trip.objects.annotate(n=Count("legs")).filter(n__gt=4).count() == 0


def test_every_reported_trip_holds_the_assessment_the_engine_gives_it(small_world):
    """The stored snapshot is exactly what `submit` would have stored, reused or not; and its
    denormalised columns are copied from it."""
    reported = (
        Trip.objects.filter(review_round__gte=1)
        .select_related("traveller__person", "organisation")
        .prefetch_related("legs", "meetings")
    )
    assert reported.count() > 1500
    for trip in reported:
        assert trip.submitted_at is not None
        submitted = trip.submitted_at.date()
        expected = assess_facts(
            facts_of(trip, reported_on=submitted),
            organisation=trip.organisation,
            traveller_id=trip.traveller_id,
            today=submitted,
        ).to_dict()
        if trip.starts_on is not None and trip.starts_on <= submitted:
            # Reported under way: `submit` adds the finding when the engine had none.
            assert trip.late_report
            if not any(f["code"] == "late_report" for f in expected["findings"]):
                expected["findings"].append(EMERGENCY_FINDING)
        assert trip.assessment == expected, trip.pk
        assert trip.policy == expected["policy"]
        assert trip.tier == (expected["tier"] or "")
        assert trip.route == expected["route"]
        assert trip.risk_score == expected["risk"]["score"]
        assert trip.checkin_hours == expected["checkin_hours"]
        assert str(trip.report_by) == str(expected["report_by"])


def test_a_draft_never_reported_has_no_assessment_and_the_engine_s_report_by_date(small_world):
    """As `create_draft` leaves it: dates from the legs, `report_by` for the reminder."""
    drafts = (
        Trip.objects.filter(status="draft", review_round=0)
        .select_related("traveller__person", "organisation")
        .prefetch_related("legs", "meetings")
    )
    assert drafts.exists()
    for trip in drafts:
        assert trip.assessment is None
        assert (trip.policy, trip.tier, trip.route, trip.risk_score) == ("", "", "", None)
        assert trip.report_by == assess(trip, today=trip.created_at.date()).report_by
    assert drafts.filter(report_by__isnull=False).exists()


def test_each_round_of_a_reported_trip_has_its_reviews(small_world):
    reviews: dict[int, list[Review]] = defaultdict(list)
    for review in Review.objects.order_by("round", "position"):
        reviews[review.trip_id].append(review)
    for trip in Trip.objects.filter(review_round__gte=1):
        current = [r for r in reviews[trip.pk] if r.round == trip.review_round]
        assert trip.starts_on is not None
        assert trip.submitted_at is not None
        assert trip.assessment is not None
        if trip.submitted_at.date() >= trip.starts_on:
            assert current == [], trip.pk  # `submit` opens no chain for emergency travel
            continue
        assert current, trip.pk
        steps = [r.step for r in current]
        approvals = trip.assessment["approvals"]
        if trip.route == "review":
            assert steps == list(approvals[: len(steps)]), trip.pk
        else:
            assert steps == ["system"], trip.pk
        pending = [r for r in current if r.decision == ReviewDecision.PENDING]
        if trip.status == "submitted":
            assert pending, trip.pk
            assert all(r.reviewer_id is None for r in pending), trip.pk
        else:
            assert pending == [], trip.pk
        if trip.status in ("approved", "in_progress", "returned", "debriefed", "closed"):
            assert all(r.decision == ReviewDecision.APPROVE for r in current), trip.pk
            if trip.route == "review":
                assert steps == list(approvals), trip.pk
        decided = [r for r in current if r.decision != ReviewDecision.PENDING]
        assert all(r.decided_at is not None for r in decided), trip.pk


def test_closed_trips_have_accepted_debriefs_and_debriefed_ones_a_filed_debrief(small_world):
    statuses = dict(Debrief.objects.values_list("trip_id", "status"))
    for trip_id, status in Trip.objects.values_list("pk", "status"):
        if status == "closed":
            assert statuses.get(trip_id) == "accepted", trip_id
        elif status == "debriefed":
            assert statuses.get(trip_id) == "submitted", trip_id
        elif status == "returned":
            assert statuses.get(trip_id) in (None, "draft", "info_requested"), trip_id
        else:
            assert trip_id not in statuses, trip_id
    accepted = Debrief.objects.filter(status="accepted")
    assert not accepted.filter(Q(reviewed_by__isnull=True) | Q(reviewed_at__isnull=True)).exists()
    detailed = Debrief.objects.filter(
        status__in=("submitted", "accepted"), trip__assessment__debrief_depth="detailed"
    ).annotate(held=Count("meetings"))
    assert detailed.exists()
    assert not detailed.filter(held=0, no_meetings=False).exists()


def test_travellers_abroad_have_their_next_check_in_due_and_nobody_else_does(small_world):
    abroad = Trip.objects.filter(status="in_progress")
    assert not abroad.filter(checkin_hours__isnull=False, checkin_due_at__isnull=True).exists()
    assert not abroad.filter(checkin_hours__isnull=True, checkin_due_at__isnull=False).exists()
    assert not Trip.objects.exclude(status="in_progress").exclude(checkin_due_at=None).exists()
    rows = (
        abroad.filter(checkin_hours__isnull=False)
        .annotate(last=Max("checkins__at"))
        .values_list("pk", "last", "departed_at", "checkin_hours", "checkin_due_at")
    )
    for pk, last, departed, hours, due in rows:
        start = last or departed
        assert start is not None
        assert hours is not None
        assert due == start + datetime.timedelta(hours=hours), pk


def test_check_ins_happen_while_abroad_on_trips_that_ask_for_them(small_world):
    checkins = CheckIn.objects.select_related("trip")
    assert checkins.count() > 100
    for checkin in checkins:
        trip = checkin.trip
        assert trip.checkin_hours, trip.pk
        assert trip.departed_at is not None
        assert trip.departed_at < checkin.at <= (trip.returned_at or NOW), trip.pk
        assert checkin.by_id == trip.traveller_id


def test_late_reports_have_their_follow_up_and_escalation(small_world):
    late = Trip.objects.filter(late_report=True)
    assert late.count() > 20
    assert not late.filter(follow_up_due__isnull=True).exists()
    escalated = set(Escalation.objects.filter(kind="late_report").values_list("trip_id", flat=True))
    assert set(late.values_list("pk", flat=True)) <= escalated
    open_ones = Escalation.objects.filter(kind="late_report", resolved_at__isnull=True)
    assert not open_ones.filter(trip__status__in=("withdrawn", "cancelled")).exists()


def test_a_returned_trip_has_its_debrief_deadline(small_world):
    back = Trip.objects.filter(status__in=("returned", "debriefed", "closed"))
    assert not back.filter(debrief_due__isnull=True).exists()
    assert not back.filter(returned_at__isnull=True).exists()
    without_policy_deadline = back.filter(assessment__debrief_due=None)
    for trip in without_policy_deadline:
        assert trip.returned_at is not None
        default = trip.returned_at.date() + datetime.timedelta(days=DEFAULT_DEBRIEF_DAYS)
        assert trip.debrief_due == default


def test_times_follow_the_story(small_world):
    for trip in Trip.objects.all():
        moments = [
            trip.created_at,
            trip.submitted_at,
            trip.departed_at,
            trip.returned_at,
            trip.closed_at,
        ]
        present = [moment for moment in moments if moment is not None]
        assert present == sorted(present), trip.pk
        assert all(moment <= NOW for moment in present), trip.pk
        assert trip.created_at <= trip.updated_at <= NOW, trip.pk
        assert trip.version >= 1


def test_invitations_are_accepted_by_a_trip_declined_or_pending(small_world):
    decisions = Counter(Invitation.objects.values_list("decision", flat=True))
    assert set(decisions) == {"accepted", "declined", "pending"}
    answered = Trip.objects.filter(invitation__isnull=False)
    assert answered.count() == decisions["accepted"]
    assert not answered.exclude(invitation__decision="accepted").exists()
    assert not answered.exclude(invitation__invitee=F("traveller")).exists()
    assert not Invitation.objects.filter(pre_assessment__isnull=True).exists()
    assert not Invitation.objects.exclude(decision="pending").filter(decided_at=None).exists()
