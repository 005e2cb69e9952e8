"""`SealedTextField` and `SealedJSONField`: columns whose values are sealed at rest
(`sojourn.vault.seal`).

Every model field that holds personal data (a note, a location, a debrief's text, the details of
a meeting or an incident) is one of these: text, or JSON (a notification's params, an
escalation's details) sealed as its text. The model reads and writes plain values; the database
holds only sealed ones, so a copy of the database or a backup without the keys tells nothing.

What it costs: the database cannot search, sort or group by the text. Only "is it blank" can
be asked in SQL (`filter(note="")`, `isnull`; for JSON, only `isnull`); any other lookup or key
transform raises at once rather than silently matching nothing. A list that must filter by such
a field keeps a non-secret part in a plain column of its own (a check-in's `country`) or
filters a bounded set in Python.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Exact, IsNull, Lookup, Transform

from sojourn.vault.seal import open_sealed, seal


class SealedTextField(models.TextField[str, str]):
    """Text sealed at rest; `max_length` limits the plain text (the column itself is unbounded,
    a sealed value being longer than its text)."""

    description = "Text sealed at rest"
    # What the admin (below the vault) looks for: no list sorts or searches by such a column.
    sealed_at_rest = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        if self.max_length is not None:  # a short text (a city, a name): one line to type it
            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(
            form_class=form_class, choices_form_class=choices_form_class, **kwargs
        )

    @property
    def place(self) -> str:
        """The column's name in the associated data: `app.model.field`."""
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return open_sealed(value, place=self.place)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        value = super().get_db_prep_value(value, connection, prepared)
        if not value or not isinstance(value, str):
            return value
        return seal(value, place=self.place)

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        return _lookup(lookup_name, exact=BlankExact)


class SealedJSONField(models.JSONField):
    """JSON sealed at rest: the value's JSON text, sealed as a `SealedTextField` seals text.

    The column is text (a sealed value is no JSON the database could read). SQL NULL stays NULL
    (`null=True`, `isnull` can be asked); every other value, `{}` included, is sealed.
    """

    description = "JSON sealed at rest"
    sealed_at_rest = True  # as SealedTextField's: no admin list sorts or searches by it

    @property
    def place(self) -> str:
        """The column's name in the associated data: `app.model.field`."""
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(open_sealed(value, place=self.place), cls=self.decoder)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or hasattr(value, "as_sql"):
            return value
        return seal(json.dumps(value, cls=self.encoder), place=self.place)

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        return _lookup(lookup_name, exact=NullExact)

    def get_transform(self, name: str) -> type[Transform] | None:
        # A key of the JSON (`params__city`) is inside the sealed value: refused like a lookup.
        raise FieldError(
            f"{self.place} is sealed at rest: the database cannot read its key {name!r}. "
            "Filter a bounded set in Python, or keep the part to filter on in a plain column."
        )


def _lookup(lookup_name: str, *, exact: type[Lookup[Any]]) -> type[Lookup[Any]]:
    if lookup_name == "exact":
        return exact
    if lookup_name == "isnull":
        return IsNull
    # Refused when the query is built, with a message that says why (Django's own, for a
    # lookup it does not know, would only say "unsupported").
    return type(f"Refused_{lookup_name}", (RefusedLookup,), {"lookup_name": lookup_name})


class RefusedLookup(Lookup[Any]):
    def __init__(self, lhs: Any, rhs: Any) -> None:
        raise FieldError(
            f"{lhs.output_field.place} is sealed at rest: the database cannot search it "
            f"({self.lookup_name}). Filter a bounded set in Python, or keep the part to filter "
            "on in a plain column."
        )


class NullExact(Exact[Any]):
    """`field=None` only (Django turns it into `isnull`): a sealed value equals nothing else."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        if rhs is not None:
            raise FieldError(
                f"{lhs.output_field.place} is sealed at rest: only NULL can be looked up in SQL."
            )
        super().__init__(lhs, rhs)


class BlankExact(Exact[Any]):
    """`field=""` only: a sealed value is never equal to another sealing of the same text."""

    def get_db_prep_lookup(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        if value not in ("", None):
            raise FieldError(
                f"{self.lhs.output_field.place} is sealed at rest: only a blank value can be "
                "looked up in SQL."
            )
        return ("%s", [value])


# Every kind of sealed column: what the census, the rotation and the synthetic world look for.
SealedField = SealedTextField | SealedJSONField
SEALED_FIELDS = (SealedTextField, SealedJSONField)
