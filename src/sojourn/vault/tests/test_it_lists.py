"""The pages that list sealed records still show them by their text: the officer's review of a
debrief (its summary and incidents) and a trip's check-ins, while the columns hold none of it."""

from __future__ import annotations

from django.db import connection

from sojourn.care.services import check_in
from sojourn.debriefs.models import Incident
from sojourn.testing import builders


def _column(table: str, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")
        return " ".join(str(value) for (value,) in cursor.fetchall())


def test_the_debrief_review_shows_the_sealed_texts(client, cast, now):
    trip = builders.debriefed(
        cast.traveller, now, reviewers=[cast.officer], summary="Visited the Fraunhofer hall"
    )
    Incident.objects.create(
        debrief=trip.debrief, kind="questioning", description="Questioned at passport control"
    )
    client.force_login(cast.officer)

    content = client.get(f"/debriefs/{trip.pk}/").content.decode()

    assert "Visited the Fraunhofer hall" in content
    assert "Questioned at passport control" in content
    assert "Fraunhofer" not in _column("debriefs_debrief", "summary")
    assert "passport" not in _column("debriefs_incident", "description")


def test_the_trip_page_lists_check_ins_by_their_place_and_note(client, cast, now):
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    moment = builders.at(trip.starts_on, 15) if trip.starts_on else now
    check_in(
        trip,
        actor=cast.traveller,
        status="ok",
        now=moment,
        country="DE",
        city="Potsdam",
        note="Dinner with the delegation",
    )
    client.force_login(cast.officer)

    content = client.get(f"/trips/{trip.pk}/").content.decode()

    assert "Potsdam, DE" in content
    assert "Dinner with the delegation" in content
    assert "Potsdam" not in _column("care_checkin", "city")
