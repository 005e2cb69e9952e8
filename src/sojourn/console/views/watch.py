"""The watch list, and the two actions on it: closing an escalation, following up a late report.

The actions answer htmx with the one row they changed (its form and error when refused); without
JavaScript they redirect back to the list, or show the whole list with the error at the row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sojourn.care import escalations
from sojourn.care.models import Escalation
from sojourn.care.services import close_escalation as close
from sojourn.console.forms import CloseEscalationForm, FollowUpForm, show_service_errors
from sojourn.console.selectors import watch
from sojourn.console.selectors.common import TripLine, destinations
from sojourn.console.views.common import (
    DECIDERS,
    actor,
    is_htmx,
    language,
    query_without,
    refused,
    section_refusal,
)
from sojourn.facekit.refusals import status_of
from sojourn.people.access import reads_everything, role_of
from sojourn.trips.errors import Conflict, InvalidInput, NotAllowed
from sojourn.trips.models import Trip

RowForm = CloseEscalationForm | FollowUpForm


@dataclass(frozen=True)
class Row:
    """A row of the watch list with the form that acts on it: a bound form (with its errors),
    or the blank note field's markup for this row (see _blank_field), or neither for those who
    cannot act."""

    item: Any
    form: RowForm | None
    blank: str = ""


# Stands for a row's prefix in the blank field rendered once per list.
_PREFIX = "rowprefix"


def _blank_field(request: HttpRequest, cls: type[RowForm]) -> Callable[[str], str]:
    """The blank note field of `cls` as markup for a given prefix. A page lists 25 rows with a
    form each: the field is rendered once and the prefix (letters, digits and dashes, nothing
    to escape) written into each copy, instead of instantiating and rendering 25 forms."""
    markup = render_to_string(
        "console/includes/field.html", {"field": cls(prefix=_PREFIX)["note"]}, request
    )
    return lambda prefix: mark_safe(markup.replace(_PREFIX, prefix))  # noqa: S308


def _escalation_prefix(escalation_id: int) -> str:
    return f"escalation-{escalation_id}"


def _late_prefix(trip_id: int) -> str:
    return f"late-{trip_id}"


def _page(
    request: HttpRequest, *, bound: RowForm | None = None, problem: str = "", status: int = 200
) -> HttpResponse:
    now = timezone.now()
    pages = {section: request.GET.get(param) for section, param in watch.PAGE_PARAMS.items()}
    data = watch.watch_list(actor(request), now=now, pages=pages, language=language())
    acts = role_of(request.user) in DECIDERS

    blanks: dict[type[RowForm], Callable[[str], str]] = {}

    def row(item: Any, cls: type[RowForm], prefix: str) -> Row:
        if not acts:
            return Row(item, None)
        if bound is not None and bound.prefix == prefix:
            return Row(item, bound)
        if cls not in blanks:
            blanks[cls] = _blank_field(request, cls)
        return Row(item, None, blanks[cls](prefix))

    context = {
        "watch": data,
        "now": now,
        "acts": acts,
        "problem": problem,
        "show_organisation": reads_everything(request.user),
        "escalations": [
            row(item, CloseEscalationForm, _escalation_prefix(item.pk)) for item in data.escalations
        ],
        "late": [row(line, FollowUpForm, _late_prefix(line.trip.pk)) for line in data.late],
        "queries": {
            section: query_without(request.GET, param)
            for section, param in watch.PAGE_PARAMS.items()
        },
    }
    return render(request, "console/watch.html", context, status=status)


@never_cache
@login_required
@require_GET
def watch_list(request: HttpRequest) -> HttpResponse:
    if refusal := section_refusal(request, "console:watch"):
        return refusal
    return _page(request)


def _row(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    # htmx swaps only 2xx answers by default, so a row with its error comes back as a 200.
    return render(
        request,
        template,
        {"acts": True, "show_organisation": reads_everything(request.user), **context},
    )


@never_cache
@login_required
@require_POST
def close_escalation(request: HttpRequest, escalation_id: int) -> HttpResponse:
    escalation = Escalation.objects.select_related("trip__traveller", "trip__organisation").get_for(
        request.user, pk=escalation_id
    )
    form = CloseEscalationForm(request.POST, prefix=_escalation_prefix(escalation.pk))
    template = "console/includes/escalation_item.html"
    problem, status = "", 422
    if form.is_valid():
        try:
            escalation = close(
                escalation, actor=actor(request), note=form.cleaned_data["note"], now=timezone.now()
            )
        except NotAllowed as error:
            return refused(request, error.message)
        except InvalidInput as error:
            show_service_errors(form, error)
        except Conflict as error:
            problem, status = error.message, status_of(error)
        else:
            if is_htmx(request):
                return _row(request, template, row=Row(escalation, None))
            what = escalation.get_kind_display()
            messages.success(request, _("Escalation closed: %(what)s.") % {"what": what})
            return redirect("console:watch")
    if is_htmx(request):
        return _row(request, template, row=Row(escalation, form), problem=problem)
    return _page(request, bound=form, problem=problem, status=status)


@never_cache
@login_required
@require_POST
def follow_up(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = Trip.objects.select_related("traveller", "organisation").get_for(
        request.user, pk=trip_id
    )
    form = FollowUpForm(request.POST, prefix=_late_prefix(trip.pk))
    template = "console/includes/late_item.html"
    if form.is_valid():
        try:
            closed = escalations.follow_up(
                trip, actor=actor(request), note=form.cleaned_data["note"], now=timezone.now()
            )
        except NotAllowed as error:
            return refused(request, error.message)
        except InvalidInput as error:
            show_service_errors(form, error)
        else:
            done = (
                _("Follow-up recorded for “%(title)s”.")
                if closed
                else _("“%(title)s” had no open follow-up: it was already recorded.")
            ) % {"title": trip.title}
            if is_htmx(request):
                line = TripLine(trip, destinations(trip, language()))
                return _row(request, template, row=Row(line, None), done=done)
            messages.success(request, done)
            return redirect("console:watch")
    if is_htmx(request):
        line = TripLine(trip, destinations(trip, language()))
        return _row(request, template, row=Row(line, form))
    return _page(request, bound=form, status=422)
