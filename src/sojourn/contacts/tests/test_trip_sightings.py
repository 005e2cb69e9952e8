"""A trip's planned meetings are sightings when it is submitted, its debrief's meetings held when
the debrief is submitted; each meeting is read once."""

from __future__ import annotations

from sojourn.contacts.models import Sighting, Suggestion
from sojourn.debriefs.services import MeetingHeld
from sojourn.testing import builders
from sojourn.trips import services


def test_planned_meetings_are_sighted_at_submission_once(cast, now) -> None:
    trip = builders.submitted(cast.traveller, now)  # Dr. Weber of TU Berlin

    [sighting] = Sighting.objects.all()
    assert (sighting.source, sighting.trip_id, sighting.reporter_id) == (
        "planned_meeting",
        trip.pk,
        cast.traveller.pk,
    )
    assert sighting.occurred_on == trip.starts_on
    assert sighting.contact.affiliation is not None

    builders.submitted(cast.colleague, now)  # Dr. Weber again, by a colleague
    assert Suggestion.objects.get().score >= 95


def test_meetings_held_are_sighted_when_the_debrief_is_submitted(cast, now) -> None:
    builders.debriefed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        meetings=[MeetingHeld(counterpart="Ms. Lin Mei", organisation="Zhiyuan Talent Office")],
    )

    sources = sorted(Sighting.objects.values_list("source", flat=True))
    assert sources == ["debrief_meeting", "planned_meeting"]


def test_a_trip_submitted_again_adds_no_sighting(cast, now) -> None:
    trip = builders.submitted(cast.traveller, now)
    trip = services.decide(
        trip, actor=cast.officer, decision="request_changes", now=now, comment="Say more."
    )
    services.submit(trip, actor=cast.traveller, now=now)

    assert Sighting.objects.count() == 1
