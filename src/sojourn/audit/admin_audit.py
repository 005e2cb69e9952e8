"""What the admin site (`sojourn.audit.admin_site`) adds to every model admin it registers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.models import User
from django.db import router
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils import timezone

from sojourn.audit import services
from sojourn.audit.admin_columns import SealedColumnsAdmin
from sojourn.audit.sensitive import is_sensitive

# The views every model admin has; a sensitive model's admin keeps only these (a library's extra
# views, such as a second factor's QR code, are not offered for it).
STANDARD_VIEWS = ("changelist", "add", "history", "delete", "change")


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the admin lets only signed-in staff in
    return user


def record(
    request: HttpRequest, action: str, objs: Iterable[Model], data: dict[str, Any] | None = None
) -> None:
    """One event per object, in one append: `admin.read`, `admin.added`, `admin.changed`,
    `admin.deleted`."""
    actor = _actor(request)
    entries = [services.Entry(actor, action, obj, data) for obj in objs]
    services.record_many(entries, at=timezone.now())


def record_reads(request: HttpRequest, objs: Iterable[Model], view: str) -> None:
    record(request, "admin.read", [obj for obj in objs if is_sensitive(type(obj))], {"view": view})


def _changes(message: Any) -> Any:
    """The admin's change message without the names of inline objects (`str()` of a row, which
    may be a place or a person): which fields and which kinds of row changed, no values."""
    if not isinstance(message, list):
        return []
    return [
        {verb: {k: v for k, v in detail.items() if k != "object"} for verb, detail in part.items()}
        for part in message
        if isinstance(part, dict)
    ]


def _context(response: HttpResponse) -> dict[str, Any]:
    return getattr(response, "context_data", None) or {}


def _inline_rows(response: HttpResponse) -> list[Model]:
    rows: list[Model] = []
    for inline in _context(response).get("inline_admin_formsets", []):
        rows.extend(form.instance for form in inline.formset.initial_forms)
    return rows


class AuditedAdmin(SealedColumnsAdmin):
    """Every write also goes into the audit chain; every sensitive row shown is a read; no list
    sorts or searches by a sealed column."""

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        logged = super().log_addition(request, obj, message)
        record(request, "admin.added", [obj], {"changes": _changes(message)})
        return logged

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        logged = super().log_change(request, obj, message)
        record(request, "admin.changed", [obj], {"changes": _changes(message)})
        return logged

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        logged = super().log_deletions(request, queryset)
        record(request, "admin.deleted", list(queryset))
        return logged

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        original = _context(response).get("original")
        shown = [original] if original is not None else []
        record_reads(request, [*shown, *_inline_rows(response)], "change")
        return response

    def get_deleted_objects(
        self, objs: Sequence[Any] | QuerySet[Any], request: HttpRequest
    ) -> tuple[list[Any], dict[Any, Any], set[Any], list[Any]]:
        """What deleting `objs` would take with it; a deletion that would take sensitive rows
        along is refused, and the summary that names them counts as reading them."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not objs:
            return deleted, counts, perms_needed, protected
        collector = NestedObjects(using=router.db_for_write(type(objs[0])))
        collector.collect(list(objs))
        collected: dict[Any, set[Model]] = dict(collector.model_objs)
        for model, rows in collected.items():
            if is_sensitive(model):
                perms_needed.add(model._meta.verbose_name)
                record_reads(request, sorted(rows, key=lambda row: str(row.pk)), "delete")
        return deleted, counts, perms_needed, protected


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """A sensitive model: nothing is added, changed or deleted through the admin."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        prefix = f"{self.opts.app_label}_{self.opts.model_name}_"
        standard = {prefix + view for view in STANDARD_VIEWS}
        return [
            url
            for url in super().get_urls()
            if isinstance(url, URLPattern) and (url.name is None or url.name in standard)
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        listed = _context(response).get("cl")
        if listed is not None:
            record_reads(request, list(listed.result_list), "changelist")
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        shown = _context(response).get("object")
        if shown is not None:
            record_reads(request, [shown], "history")
        return response


class ReadOnlyInline(admin.options.InlineModelAdmin[Any, Any]):
    """A sensitive model shown inside another's page: shown (and audited), never edited."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
