"""Keyset pagination: `limit` and an opaque `cursor`; never an offset.

A page answers `{items, next}`: `next` is the cursor of the following page, exactly what the
`cursor` parameter takes (a generated client pages with `list_trips(cursor=page.next)`), and
null on the last page.

An offset page costs more the deeper it is and skips or repeats rows while the list changes; a
keyset page starts right after the last row the client saw. The ordering must end with a unique
field (the id) and name only non-null fields (annotate a Coalesce for nullable ones).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, Schema

from sojourn.api.errors import ApiError
from sojourn.conf.statements import StatementCache

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(Schema, Generic[T]):
    items: list[T]
    next: str | None = Field(
        None,
        description="The `cursor` of the following page: pass it back as it is, with the same "
        "filters and `limit`. Null on the last page.",
    )


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.")
    cursor: str | None = Field(
        None,
        max_length=500,
        description="The `next` of the previous page, as it came; absent for the first page.",
    )


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, fields: Sequence[models.Field[Any, Any]]) -> list[Any]:
    invalid = ApiError(
        422,
        _("The cursor is not one this list gave out."),
        errors={"cursor": _("Pass the previous page's `next` as it came.")},
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise invalid from exc
    if not isinstance(values, list) or len(values) != len(fields):
        raise invalid
    try:
        return [field.to_python(value) for field, value in zip(fields, values, strict=True)]
    except Exception as exc:  # a value of the wrong type for its field
        raise invalid from exc


def _after(order: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after `values` in `order`: a ≥ x & ((a > x) | (a = x & b > y) | …).

    The leading bound says the same as the alternatives, in a form an index on the order's
    keys starts from: a page deep in the list then reads from the cursor on, instead of
    reading the index from its start and filtering out every row before the cursor."""
    condition = Q()
    equal: dict[str, Any] = {}
    for spec, value in zip(order, values, strict=True):
        name = spec.lstrip("-")
        operator = "lt" if spec.startswith("-") else "gt"
        condition |= Q(**equal, **{f"{name}__{operator}": value})
        equal[name] = value
    first = order[0]
    bound = "lte" if first.startswith("-") else "gte"
    return Q(**{f"{first.lstrip('-')}__{bound}": values[0]}) & condition


def _field(queryset: models.QuerySet[Any, Any], name: str) -> models.Field[Any, Any]:
    annotation = queryset.query.annotations.get(name)
    if annotation is not None:
        return annotation.output_field
    model: type[models.Model] = queryset.model
    return model._meta.get_field(name)  # type: ignore[return-value]


def _key(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


def paginate(
    queryset: models.QuerySet[Any, Any],
    page: PageQuery,
    *,
    order: Sequence[str],
) -> dict[str, Any]:
    """One page of `queryset` in `order`, and the cursor of the next one.

    The rows are what the queryset yields: model objects, or dicts of `.values(...)` that
    include the order's keys."""
    fields = [_field(queryset, spec.lstrip("-")) for spec in order]
    after = _decode(page.cursor, fields) if page.cursor else []
    return _page(list(_window(queryset, order, after, page.limit)), order, page.limit)


def paginate_kept(
    statements: StatementCache,
    key: Hashable,
    build: Callable[[], models.QuerySet[Any, dict[str, Any]]],
    page: PageQuery,
    *,
    order: Sequence[str],
    fields: Sequence[models.Field[Any, Any]],
) -> dict[str, Any]:
    """`paginate(build(), page, order=order)`, its statement compiled once per `key` and page
    size (sojourn.conf.statements): `key` must name everything `build` depends on (the caller's
    scope and the filters); the cursor's values are the statement's. `fields` are the order's
    keys' fields, to read a cursor without building the query."""

    def window(after: Sequence[Any]) -> models.QuerySet[Any, dict[str, Any]]:
        return _window(build(), order, after, page.limit)

    after = _decode(page.cursor, fields) if page.cursor else []
    rows = statements.rows((key, tuple(order), page.limit), window, after)
    return _page(rows, order, page.limit)


def _window(
    queryset: models.QuerySet[Any, Any], order: Sequence[str], after: Sequence[Any], limit: int
) -> models.QuerySet[Any, Any]:
    """The rows after the cursor's values (all rows without a cursor), one more than a page."""
    queryset = queryset.order_by(*order)
    if after:
        queryset = queryset.filter(_after(order, after))
    return queryset[: limit + 1]


def _page(rows: list[Any], order: Sequence[str], limit: int) -> dict[str, Any]:
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = _encode([_key(rows[-1], spec.lstrip("-")) for spec in order])
    return {"items": rows, "next": following}
