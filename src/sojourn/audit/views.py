"""The audit log for auditors and oversight: every event, newest first, filtered and paged by
sequence number (keyset: `?before=<seq>` for older, `?after=<seq>` for newer), so any page costs
one query however long the trail; and, on request, a check of the whole chain, the published
anchors and the audited records."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sojourn.audit import integrity, readers
from sojourn.audit.actions import action_label
from sojourn.audit.models import AuditEvent
from sojourn.audit.redaction import shown

PAGE_SIZE = 50
DAY = datetime.timedelta(days=1)


def object_types() -> list[tuple[str, str | Promise]]:
    """The kinds of object an event can be about: Sojourn's models, and user accounts."""
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("sojourn.") or model._meta.label_lower == "auth.user"
    ]
    named = sorted(
        (
            model._meta.label_lower,
            f"{capfirst(model._meta.verbose_name)} ({model._meta.label_lower})",
        )
        for model in models
    )
    return [("", gettext_lazy("Any")), *named]


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=gettext_lazy("Action starts with"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("For example trip. or trip.approved"),
    )
    actor = forms.CharField(
        label=gettext_lazy("Actor"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("Part of a username; system for the worker."),
    )
    object_type = forms.ChoiceField(label=gettext_lazy("Object type"), required=False)
    object_id = forms.CharField(label=gettext_lazy("Object id"), required=False, max_length=60)
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=_date_input())
    until = forms.DateField(label=gettext_lazy("Until"), required=False, widget=_date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = object_types()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the range is before its start."))
        return cleaned

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("action"):
            events = events.filter(action__startswith=data["action"].strip())
        if data.get("actor"):
            events = events.filter(actor_label__icontains=data["actor"].strip())
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        if data.get("object_id"):
            events = events.filter(object_id=data["object_id"].strip())
        if data.get("since"):
            events = events.filter(at__gte=_midnight(data["since"]))
        if data.get("until"):
            events = events.filter(at__lt=_midnight(data["until"] + DAY))
        return events


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _seq(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() and len(value) < 19 else None


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    action: str  # what the action code means, in the reader's language
    data: str  # the event's data as indented JSON, empty when there is none


@dataclass(frozen=True)
class LogPage:
    rows: list[Row]
    newer: int | None  # link to ?after=<newer>: the page of events after this one
    older: int | None  # link to ?before=<older>


def log_page(
    events: QuerySet[AuditEvent], *, before: int | None, after: int | None, size: int
) -> LogPage:
    """One page of events, newest first, fetched in one query of size + 1 rows."""
    if after is not None and before is None:
        found = list(events.filter(seq__gt=after).order_by("seq")[: size + 1])
        more_newer = len(found) > size
        found = found[:size][::-1]
        newer = found[0].seq if found and more_newer else None
        older = found[-1].seq if found else None
    else:
        if before is not None:
            events = events.filter(seq__lt=before)
        found = list(events.order_by("-seq")[: size + 1])
        more_older = len(found) > size
        found = found[:size]
        newer = found[0].seq if found and before is not None else None
        older = found[-1].seq if found and more_older else None
    rows = [Row(event, action_label(event.action), _shown(event)) for event in found]
    return LogPage(rows, newer, older)


def _shown(event: AuditEvent) -> str:
    """The event's data without places or anyone's words (`sojourn.audit.redaction`)."""
    if not event.data:
        return ""
    data = shown(event.action, event.data)
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder)


def _reader(request: HttpRequest) -> None:
    if not readers.may_read(request.user):
        raise Http404


@never_cache
@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    _reader(request)
    form = AuditFilterForm(request.GET)
    events: QuerySet[AuditEvent] = AuditEvent.objects.visible_to(request.user)
    # A filter that does not parse (a bad date) shows its error and no events, never all of them.
    events = form.apply(events) if form.is_valid() else events.none()
    page = log_page(
        events,
        before=_seq(request.GET.get("before")),
        after=_seq(request.GET.get("after")),
        size=PAGE_SIZE,
    )
    filters = request.GET.copy()
    for key in ("before", "after"):
        filters.pop(key, None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "filters": filters.urlencode(), "filtered": bool(filters)},
    )


@never_cache
@login_required
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    """Recompute every hash of the chain, check it against the published anchors and every
    audited record against its last audited write (it reads it all: POST, never a link)."""
    _reader(request)
    report = integrity.check()
    template = (
        "audit/includes/verify_result.html"
        if request.headers.get("HX-Request") == "true"
        else "audit/verify.html"
    )
    return render(request, template, {"report": report})
