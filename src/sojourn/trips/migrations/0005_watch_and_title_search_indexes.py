"""The watch list's travellers abroad in index order (trip_abroad_idx, both databases), and
the trip list's `q` (a title substring, `title__icontains`) served by a trigram index on
PostgreSQL. Django writes `icontains` there as `UPPER("title"::text) LIKE UPPER(%s)`, so the
index is on that expression. SQLite has no trigram index: there the second step does nothing.

pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it
(docs/deploy.md, the owner role)."""

from __future__ import annotations

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "trip_title_trgm_idx"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON trips_trip USING gin (UPPER(title) gin_trgm_ops)"
    )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: something else may use it, and dropping it needs its owner.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("trips", "0004_list_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="trip",
            index=models.Index(
                fields=["status", "checkin_due_at", "ends_on", "id"], name="trip_abroad_idx"
            ),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
