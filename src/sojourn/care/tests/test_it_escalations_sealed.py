"""An escalation's details and the officer's note closing it are sealed at rest, as the
check-in they are about is: the database holds neither a place nor anyone's words."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from sojourn.care.models import Escalation
from sojourn.care.services import check_in, close_escalation
from sojourn.testing import builders
from sojourn.trips.models import Trip

CITY, NOTE = "Kreuzberg-Nord", "Found her at the Adlon, shaken but well"


@pytest.fixture
def help_call(cast, now) -> Escalation:
    trip: Trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    check_in(
        trip,
        actor=cast.traveller,
        status="need_help",
        now=builders.at(trip.starts_on, 12),
        country="DE",
        city=CITY,
        note="Held at the hotel desk",
    )
    return Escalation.objects.get(trip=trip, kind="need_help")


def raw(escalation: Escalation) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data, resolution FROM care_escalation WHERE id = %s", [escalation.pk]
        )
        data, resolution = cursor.fetchone()
        return str(data), str(resolution)


def test_the_officers_closing_note_is_sealed_and_reads_back(cast, help_call, now):
    close_escalation(help_call, actor=cast.officer, note=NOTE, now=now)

    data, resolution = raw(help_call)
    assert "Adlon" not in resolution
    assert resolution.startswith("v1:")
    assert data.startswith("v1:")
    assert Escalation.objects.get(pk=help_call.pk).resolution == NOTE


def test_details_naming_a_place_are_sealed_and_read_back(help_call):
    # As an escalation written before events carried ids kept it.
    Escalation.objects.filter(pk=help_call.pk).update(data={**help_call.data, "city": CITY})

    data, _resolution = raw(help_call)
    assert CITY not in data
    assert "city" not in data
    assert Escalation.objects.get(pk=help_call.pk).data == {
        "checkin_id": help_call.data["checkin_id"],
        "country": "DE",
        "city": CITY,
    }


def test_sql_cannot_look_inside_the_details(help_call):
    with pytest.raises(FieldError, match=r"care\.escalation\.data is sealed at rest"):
        Escalation.objects.filter(data__country="DE").count()
    with pytest.raises(FieldError, match=r"care\.escalation\.resolution is sealed at rest"):
        Escalation.objects.filter(resolution__icontains="adlon").count()
