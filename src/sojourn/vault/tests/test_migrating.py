"""Rows written before a column was sealed are sealed by the data migration, and unsealed by
its reverse."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.db import connection

from sojourn.care.models import Escalation
from sojourn.debriefs.models import Incident
from sojourn.testing import builders
from sojourn.vault.migrating import seal_existing


def _description(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM debriefs_incident WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_the_migration_seals_plain_rows_and_its_reverse_opens_them(cast, now):
    trip = builders.debriefed(cast.traveller, now, reviewers=[cast.officer])
    incident = Incident.objects.create(debrief=trip.debrief, kind="gift", description="x")
    with connection.cursor() as cursor:  # as the row stood before the migration
        cursor.execute(
            "UPDATE debriefs_incident SET description = %s WHERE id = %s",
            ["A watch from the host", incident.pk],
        )
    operation = seal_existing("debriefs", "incident", ["description"])
    editor: Any = SimpleNamespace(connection=connection)  # the one part of an editor it uses

    operation.code(apps, editor)  # type: ignore[arg-type]

    assert "watch" not in _description(incident.pk)
    assert Incident.objects.get().description == "A watch from the host"

    assert operation.reverse_code is not None
    operation.reverse_code(apps, editor)  # type: ignore[arg-type]

    assert _description(incident.pk) == "A watch from the host"


def test_the_migration_seals_json_rows_as_their_text(cast, now):
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    escalation = Escalation.objects.create(
        trip=trip, kind="need_help", reference="checkin:1", opened_at=now
    )
    with connection.cursor() as cursor:  # as the row stood before the migration
        cursor.execute(
            "UPDATE care_escalation SET data = %s WHERE id = %s",
            ['{"city": "Kreuzberg-Nord", "country": "DE"}', escalation.pk],
        )
    operation = seal_existing("care", "escalation", ["data"])
    editor: Any = SimpleNamespace(connection=connection)

    operation.code(apps, editor)  # type: ignore[arg-type]

    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM care_escalation WHERE id = %s", [escalation.pk])
        assert "Kreuzberg" not in str(cursor.fetchone()[0])
    assert Escalation.objects.get().data == {"city": "Kreuzberg-Nord", "country": "DE"}
