"""What a model's admin list may offer, whoever registered it.

- **No sorting or searching by a column sealed at rest.** The database holds only ciphertext
  there (`sojourn.vault`): a sort would order noise and a search cannot be asked. A field is
  sealed when it says so (`sealed_at_rest`), since the vault sits above this app.
- **For a sensitive model (`sojourn.audit.sensitive`), a list that shows nothing but its rows.**
  Each row listed is an audited read; a filter whose options come from the rows (Django lists
  the distinct values of a plain field, or every row of a related model) would show cities,
  names and dates of rows that no event says were read, and so would the counts beside each
  option (facets) and the date drill-down. So a sensitive list keeps only the filters whose
  options are fixed by the code: a field's choices, yes or no, date ranges, and Sojourn's own
  filters (a `SimpleListFilter`, whose options are written in the code, never read from rows).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, DateField, Field, Model
from django.http import HttpRequest

# Filters whose options do not depend on the rows.
FIXED_FILTERS = (
    admin.ChoicesFieldListFilter,
    admin.BooleanFieldListFilter,
    admin.DateFieldListFilter,
    admin.EmptyFieldListFilter,
)


def _field(model: type[Model], path: str) -> Any:
    """The field at the end of `path` (`legs__city`), or None when it names no field."""
    try:
        return get_fields_from_path(model, path.lstrip("-^=@"))[-1]
    except (FieldDoesNotExist, NotRelationField):
        return None


def sealed(model: type[Model], path: object) -> bool:
    return isinstance(path, str) and bool(getattr(_field(model, path), "sealed_at_rest", False))


def fixed_filter(model: type[Model], spec: Any) -> bool:
    """Whether a `list_filter` entry offers options written in code, not read from rows."""
    if isinstance(spec, type):
        return issubclass(spec, admin.SimpleListFilter)
    if isinstance(spec, (tuple, list)):
        path, chosen = spec
        return (
            isinstance(chosen, type)
            and issubclass(chosen, FIXED_FILTERS)
            and bool(_field(model, path))
        )
    field = _field(model, spec) if isinstance(spec, str) else None
    if not isinstance(field, Field) or field.is_relation:
        return False
    return bool(field.flatchoices) or isinstance(field, (BooleanField, DateField))


class SealedColumnsChangeList(ChangeList):
    """A list whose `?o=` cannot sort by a sealed column (the header offers no such sort)."""

    def get_ordering_field(self, field_name: Any) -> Any:
        found = super().get_ordering_field(field_name)
        return None if sealed(self.model, found) else found


class SealedColumnsAdmin(admin.ModelAdmin[Any]):
    """No sort or search by a sealed column, on any model."""

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return SealedColumnsChangeList

    def get_sortable_by(self, request: HttpRequest) -> Any:
        return [name for name in super().get_sortable_by(request) if not sealed(self.model, name)]

    def get_search_fields(self, request: HttpRequest) -> Any:
        return [name for name in super().get_search_fields(request) if not sealed(self.model, name)]


class RowsOnlyListAdmin(admin.ModelAdmin[Any]):
    """A sensitive model's list: its rows (each an audited read) and nothing read from others."""

    date_hierarchy = None
    show_facets = admin.ShowFacets.NEVER

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [spec for spec in super().get_list_filter(request) if fixed_filter(self.model, spec)]
