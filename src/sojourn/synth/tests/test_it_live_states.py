"""A world holds trips in every live state, each as the pages expect to find it, and its people
in every role: mostly travellers, about one security officer per 50, oversight and auditors in
the authority."""

from __future__ import annotations

from collections import Counter

from sojourn.care.models import CheckIn
from sojourn.directives.registry import current_version
from sojourn.people.models import Organisation, Person
from sojourn.policy import shipped_pack_ids
from sojourn.synth.tests.conftest import NOW
from sojourn.trips.models import Trip

TODAY = NOW.date()
LIVE = ("draft", "submitted", "approved", "in_progress", "returned", "debriefed")


def test_every_live_state_has_trips(small_world):
    statuses = Counter(Trip.objects.values_list("status", flat=True))
    assert {status: statuses[status] > 0 for status in LIVE} == dict.fromkeys(LIVE, True)
    assert statuses["closed"] > statuses["returned"] + statuses["debriefed"]
    assert small_world.statuses == dict(sorted(statuses.items()))


def test_submitted_trips_wait_for_the_rest_of_their_chain(small_world):
    """The first pending step is the current one; every step after it is pending too."""
    submitted = Trip.objects.filter(status="submitted")
    assert submitted.exists()
    for trip in submitted:
        chain = list(trip.reviews.filter(round=trip.review_round).order_by("position"))
        decisions = [review.decision for review in chain]
        first = decisions.index("pending")
        assert decisions[first:] == ["pending"] * (len(chain) - first), trip.pk
        assert decisions[:first] == ["approve"] * first, trip.pk
        assert trip.assessment is not None
        assert [review.step for review in chain] == trip.assessment["approvals"], trip.pk


def test_travellers_abroad_check_in_and_some_check_ins_are_due(small_world):
    abroad = Trip.objects.filter(status="in_progress", checkin_hours__isnull=False)
    assert CheckIn.objects.filter(trip__in=abroad).exists()
    assert abroad.filter(checkin_due_at__lt=NOW).exists()
    assert abroad.filter(checkin_due_at__gte=NOW).exists()


def test_debriefs_are_owed_some_due_some_overdue(small_world):
    returned = Trip.objects.filter(status="returned")
    assert returned.filter(debrief_due__gte=TODAY).exists()
    assert returned.filter(debrief_due__lt=TODAY).exists()


def test_approved_trips_wait_for_their_departure(small_world):
    approved = Trip.objects.filter(status="approved")
    assert approved.exists()
    assert not approved.filter(starts_on__lt=TODAY).exists()


def test_ended_states_are_there_too(small_world):
    statuses = set(Trip.objects.values_list("status", flat=True))
    assert {"closed", "denied", "withdrawn", "cancelled"} <= statuses
    assert not Trip.objects.filter(status="withdrawn", withdraw_reason=None).exists()
    assert not Trip.objects.filter(status="cancelled", cancel_reason="").exists()


def test_people_have_every_role_and_officers_are_about_one_per_fifty(small_world):
    roles = Counter(Person.objects.values_list("role", flat=True))
    assert roles["traveller"] > 0.9 * sum(roles.values())
    assert roles["oversight"] >= 2
    assert roles["auditor"] >= 1
    for organisation in Organisation.objects.exclude(people__role__in=("oversight", "auditor")):
        people = Counter(organisation.people.values_list("role", flat=True))
        assert people["officer"] >= 1
        assert people["officer"] <= 1 + people["traveller"] // 40
    authority = Organisation.objects.filter(people__role="oversight").distinct().get()
    assert set(authority.people.values_list("role", flat=True)) == {"oversight", "auditor"}


def test_organisations_follow_the_shipped_policy_packs_and_trips_name_the_version(small_world):
    packs = set(Organisation.objects.values_list("policy_pack", flat=True))
    assert packs <= set(shipped_pack_ids())
    in_force = {f"{pack}@{current_version(pack, NOW).version}" for pack in packs}
    assert set(Trip.objects.exclude(policy="").values_list("policy", flat=True)) <= in_force


def test_nobody_can_sign_in_without_a_shared_password(small_world):
    assert not any(
        person.user.has_usable_password() for person in Person.objects.select_related("user")
    )
