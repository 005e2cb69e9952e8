"""Django's admin, closed in production and audited everywhere it is open.

- Off in production: every admin address answers 404 unless `SOJOURN_ADMIN_BREAK_GLASS` opens it
  (`settings.SOJOURN_ADMIN_ENABLED`).
- Every model registered, Sojourn's and the libraries' alike, gets an admin whose writes
  (add, change, delete, bulk delete) append to the audit chain, beside Django's own log.
- The sensitive models (`sojourn.audit.sensitive`) are read-only there, and each page that shows
  one of their rows (list, detail, history, an inline, a deletion's summary) appends an event
  per row read: its id, never its values. Their lists offer no filter, count or date drill-down
  read from the rows (`sojourn.audit.admin_columns`).
- No list sorts or searches by a column sealed at rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.db.models import Model
from django.db.models.base import ModelBase
from django.http import Http404, HttpRequest

from sojourn.audit.admin_audit import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from sojourn.audit.admin_columns import RowsOnlyListAdmin
from sojourn.audit.sensitive import is_sensitive


def _require_open() -> None:
    if not settings.SOJOURN_ADMIN_ENABLED:
        raise Http404("the admin is closed")


def audited(model: type[Model], admin_class: type[Any]) -> type[Any]:
    """`admin_class` with audited writes, and read-only with audited reads where sensitive."""
    inlines = [
        type(inline.__name__, (ReadOnlyInline, inline), {})
        if is_sensitive(inline.model)
        else inline
        for inline in admin_class.inlines
    ]
    bases = (
        (RowsOnlyListAdmin, ReadOnlyAdmin, AuditedAdmin) if is_sensitive(model) else (AuditedAdmin,)
    )
    return type(admin_class.__name__, (*bases, admin_class), {"inlines": inlines})


class AuditedAdminSite(admin.AdminSite):
    def register(
        self,
        model_or_iterable: ModelBase | Iterable[ModelBase],
        admin_class: type[Any] | None = None,
        **options: Any,
    ) -> None:
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            chosen = admin_class or admin.ModelAdmin
            super().register(model, audited(model, chosen), **options)  # type: ignore[arg-type]

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            _require_open()
            return inner(request, *args, **kwargs)

        return gated

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        _require_open()
        return super().login(request, extra_context)

    def catch_all_view(self, request: HttpRequest, url: str) -> Any:
        _require_open()
        return super().catch_all_view(request, url)
