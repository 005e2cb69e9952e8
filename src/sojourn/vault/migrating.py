"""Sealing the rows written before a column became a `SealedTextField` or a `SealedJSONField`.

A migration that turns a plain column into a sealed one alters the field, then runs
`seal_existing(app_label, model_name, [field names])`: every non-blank value (for JSON, its text;
NULL stays NULL) is sealed under the current key (in chunks, with raw SQL, since the model
would try to open them). Reversing it opens them again, so the plain field can come back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import migrations

from sojourn.vault.seal import open_sealed, seal

CHUNK = 1000
Convert = Callable[[str, str], str]


def seal_existing(app_label: str, model_name: str, fields: Sequence[str]) -> migrations.RunPython:
    def forwards(apps: Any, schema_editor: Any) -> None:
        _rewrite(apps, schema_editor, lambda text, place: seal(text, place=place))

    def backwards(apps: Any, schema_editor: Any) -> None:
        _rewrite(apps, schema_editor, lambda value, place: open_sealed(value, place=place))

    def _rewrite(apps: Any, schema_editor: Any, convert: Convert) -> None:
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        for name in fields:
            field = model._meta.get_field(name)
            place = f"{model._meta.label_lower}.{name}"
            _rewrite_column(connection, table, pk, quote(field.column), place, convert)

    return migrations.RunPython(forwards, backwards, elidable=False)


def _rewrite_column(
    connection: Any, table: str, pk: str, column: str, place: str, convert: Convert
) -> None:
    after: object = None
    with connection.cursor() as cursor:
        while True:
            where = f"{column} <> ''" + ("" if after is None else f" AND {pk} > %s")
            cursor.execute(
                f"SELECT {pk}, {column} FROM {table} WHERE {where} "  # noqa: S608
                f"ORDER BY {pk} LIMIT {CHUNK}",
                [] if after is None else [after],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.executemany(
                f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                [(convert(str(value), place), key) for key, value in rows],
            )
            after = rows[-1][0]
