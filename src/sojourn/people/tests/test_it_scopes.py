"""Deny by default: each scoping function shows each member of the cast exactly their scope."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User

from sojourn.audit.models import AuditEvent
from sojourn.care.models import CheckIn
from sojourn.care.services import check_in
from sojourn.debriefs.models import Debrief
from sojourn.notify.models import Notification
from sojourn.people.models import Organisation
from sojourn.testing import builders
from sojourn.trips.invitations import InvitationInput, record
from sojourn.trips.models import Invitation, Trip

# Who sees the traveller's trip (and its check-ins, debrief, invitation) of the lab.
SEES_LAB_TRAVELLER = {
    "traveller": True,
    "colleague": False,
    "officer": True,
    "other_officer": False,
    "oversight": True,
    "auditor": True,
}


@pytest.fixture
def world(cast, now):
    trip = builders.debriefed(cast.traveller, now, reviewers=[cast.officer])
    active = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Second trip"),
    )
    check_in(active, actor=cast.traveller, status="ok", now=now)
    invitation = record(
        actor=cast.traveller,
        now=now,
        data=InvitationInput(
            event="AI Summit",
            host_organisation="Elysée",
            country="FR",
            starts_on=now.date(),
            ends_on=now.date(),
            paid_by="host",
            received_on=now.date(),
        ),
    )
    return trip, invitation


@pytest.mark.parametrize(("who", "sees"), SEES_LAB_TRAVELLER.items())
def test_each_role_sees_exactly_its_scope(cast, world, who, sees):
    user = getattr(cast, who)
    trip, invitation = world

    assert Trip.objects.visible_to(user).filter(pk=trip.pk).exists() is sees
    assert Debrief.objects.visible_to(user).filter(trip=trip).exists() is sees
    assert CheckIn.objects.visible_to(user).exists() is sees
    assert Invitation.objects.visible_to(user).filter(pk=invitation.pk).exists() is sees


def test_the_anonymous_and_the_roleless_see_nothing(cast, world):
    roleless = User.objects.create_user("nobody", password="x" * 16)
    for user in (AnonymousUser(), roleless):
        assert not Trip.objects.visible_to(user).exists()
        assert not Debrief.objects.visible_to(user).exists()
        assert not CheckIn.objects.visible_to(user).exists()
        assert not Invitation.objects.visible_to(user).exists()
        assert not AuditEvent.objects.visible_to(user).exists()
        assert not Notification.objects.visible_to(user).exists()


def test_a_deactivated_officer_sees_nothing(cast, world):
    cast.officer.is_active = False
    cast.officer.save()

    assert not Trip.objects.visible_to(cast.officer).exists()


def test_an_officer_sees_every_trip_of_their_organisation_and_none_other(cast, world, now):
    builders.submitted(cast.colleague, now, builders.Itinerary(title="Colleague's trip"))
    robo_trip_count = Trip.objects.filter(organisation__slug="robo").count()

    lab = set(Trip.objects.visible_to(cast.officer).values_list("organisation__slug", flat=True))

    assert lab == {"lab"}
    assert Trip.objects.visible_to(cast.officer).count() == 3
    assert Trip.objects.visible_to(cast.other_officer).count() == robo_trip_count == 0


@pytest.mark.parametrize(
    ("who", "sees"),
    [("oversight", True), ("auditor", True), ("officer", False), ("traveller", False)],
)
def test_the_audit_log_is_read_by_oversight_and_auditors(cast, world, who, sees):
    assert AuditEvent.objects.visible_to(getattr(cast, who)).exists() is sees


def test_notifications_are_read_by_their_recipient_only(cast, world):
    mine = Notification.objects.visible_to(cast.traveller)

    assert mine.exists()
    assert set(mine.values_list("recipient", flat=True)) == {cast.traveller.pk}
    assert not Notification.objects.visible_to(cast.colleague).exists()


def test_organisations_of_the_cast(cast):
    assert Organisation.objects.count() == 3


@pytest.mark.parametrize(
    ("who", "people"),
    [
        ("traveller", {"traveller"}),
        ("officer", {"traveller", "colleague", "officer"}),
        ("other_officer", {"other_officer"}),
        (
            "oversight",
            {"traveller", "colleague", "officer", "other_officer", "oversight", "auditor"},
        ),
        ("auditor", {"traveller", "colleague", "officer", "other_officer", "oversight", "auditor"}),
    ],
)
def test_people_are_scoped_like_trips(cast, who, people):
    from sojourn.people.models import Person

    seen = Person.objects.visible_to(getattr(cast, who)).values_list("user__username", flat=True)

    assert set(seen) == people


def test_organisations_are_scoped(cast):
    assert list(Organisation.objects.visible_to(cast.officer)) == [cast.lab]
    assert Organisation.objects.visible_to(cast.auditor).count() == 3
    assert not Organisation.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize(("who", "found"), SEES_LAB_TRAVELLER.items())
def test_get_for_answers_404_for_what_a_user_may_not_see(cast, world, who, found):
    from django.http import Http404

    trip, _invitation = world
    if found:
        assert Trip.objects.get_for(getattr(cast, who), pk=trip.pk) == trip
    else:
        with pytest.raises(Http404):
            Trip.objects.get_for(getattr(cast, who), pk=trip.pk)
