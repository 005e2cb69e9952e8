"""The migration that seals the outbox: rows written before it are sealed (their JSON params as
text), and rows retention had already emptied are recorded as purged, so the purge, which can
no longer read the params in SQL, does not take them again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sojourn.notify.models import Notification

BEFORE, AFTER = ("notify", "0004_params"), ("notify", "0005_seal_notifications")
CITY = "Kreuzberg-Nord"


@pytest.fixture
def before_sealing(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    executor.loader.build_graph()
    try:
        yield executor
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_rows_written_before_are_sealed_and_the_emptied_ones_marked(before_sealing, cast, now):
    old = before_sealing.loader.project_state([BEFORE]).apps.get_model("notify", "Notification")
    common = {"recipient_id": cast.officer.pk, "channel": "in_app", "created_at": now}
    alert = old.objects.create(
        kind="escalation.need_help",
        subject="URGENT: Traveller needs help",
        body=f"Checked in from {CITY}",
        params={"city": CITY, "country": "DE"},
        **common,
    )
    emptied = old.objects.create(
        kind="escalation.need_help", subject="s", body="", params={"_purged": True}, **common
    )
    before_params = old.objects.create(kind="trip.approved", subject="s", body="", **common)

    before_sealing.migrate([AFTER])

    with connection.cursor() as cursor:
        cursor.execute("SELECT body, params FROM notify_notification WHERE id = %s", [alert.pk])
        body, params = cursor.fetchone()
    assert CITY not in str(body)
    assert CITY not in str(params)
    row = Notification.objects.get(pk=alert.pk)
    assert (row.body, row.params) == (f"Checked in from {CITY}", {"city": CITY, "country": "DE"})
    assert row.purged_at is None
    assert Notification.objects.get(pk=emptied.pk).purged_at is not None
    assert Notification.objects.get(pk=before_params.pk).purged_at is not None
