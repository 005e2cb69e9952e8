"""The review queue and the decision page: officers decide their step, oversight the final one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sojourn.console.forms import DecisionForm, QueueFilterForm, show_service_errors
from sojourn.console.selectors import review
from sojourn.console.views.common import (
    DECIDERS,
    READERS,
    actor,
    is_htmx,
    language,
    query_without,
    refused,
    role_refusal,
    section_refusal,
)
from sojourn.people.access import role_of
from sojourn.people.models import Role
from sojourn.people.today import today_of
from sojourn.trips import services as lifecycle
from sojourn.trips.errors import IllegalTransition, InvalidInput, NotAllowed, StaleVersion
from sojourn.trips.models import ReviewDecision, Trip, TripStatus


@never_cache
@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    if refusal := section_refusal(request, "console:review-queue"):
        return refusal
    form = QueueFilterForm(request.GET)
    form.is_valid()  # a value that does not parse is dropped from the filters, never an error
    data = form.cleaned_data
    filters = review.QueueFilters(
        tier=data.get("tier") or "",
        route=data.get("route") or "",
        finding=data.get("finding") or "",
        traveller_id=data.get("traveller_id"),
    )
    queue = review.review_queue(actor(request), filters, request.GET.get("page"), language())
    context = {
        "queue": queue,
        "query": query_without(request.GET, "page"),
        "final": role_of(request.user) == Role.OVERSIGHT,
    }
    # htmx asks for the queue alone (filters, counts and rows) when a filter changes.
    template = "console/includes/queue.html" if is_htmx(request) else "console/review_queue.html"
    return render(request, template, context)


@dataclass(frozen=True)
class Stale:
    """A decision refused because the trip changed while its page was open."""

    expected: int
    current: int
    changes: list[str]


def _form(trip: Trip, now: datetime.datetime, typed: QueryDict | None = None) -> DecisionForm:
    """A form on the trip as it is now, keeping what the reviewer typed, if anything."""
    current = {"version": trip.version, "seen_status": trip.status, "opened": now.isoformat()}
    under_way = trip.status == TripStatus.IN_PROGRESS
    if typed is None:
        return DecisionForm(under_way=under_way, initial=current)
    data = typed.copy()
    for name, value in current.items():
        data[name] = str(value)
    return DecisionForm(data, under_way=under_way)


def _page(
    request: HttpRequest,
    trip: Trip,
    form: DecisionForm,
    *,
    now: datetime.datetime,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    page = review.decision_page(
        actor(request), trip, today=today_of(trip.organisation, now), language=language()
    )
    context = {"page": page, "trip": trip, "form": form, **extra}
    return render(request, "console/review_decision.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def review_decision(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = review.trip_to_decide(request.user, trip_id)
    if refusal := role_refusal(request, READERS):
        return refusal
    now = timezone.now()
    if request.method == "POST":
        return _decide(request, trip, now)
    return _page(request, trip, _form(trip, now), now=now)


DECIDED = {
    ReviewDecision.APPROVE: gettext_lazy("You approved “%(title)s”."),
    ReviewDecision.DENY: gettext_lazy("You denied “%(title)s”; the traveller is told why."),
    ReviewDecision.REQUEST_CHANGES: gettext_lazy(
        "You sent “%(title)s” back to the traveller for changes."
    ),
}


def _decide(request: HttpRequest, trip: Trip, now: datetime.datetime) -> HttpResponse:
    only = _("Only security officers and oversight decide trips; you may read this one.")
    if refusal := role_refusal(request, DECIDERS, only):
        return refusal
    form = DecisionForm(request.POST, under_way=trip.status == TripStatus.IN_PROGRESS)
    if not form.is_valid():
        return _page(request, trip, form, now=now, status=422)
    data = form.cleaned_data
    try:
        decided = lifecycle.decide(
            trip,
            actor=actor(request),
            decision=data["decision"],
            now=now,
            comment=data["comment"],
            conditions=data["conditions"],
            version=data["version"],
        )
    except StaleVersion as stale:
        # Show the trip as it is now, what changed, and the form with what was typed, on the
        # current version: deciding again is a choice made with the changes in view.
        current = review.trip_to_decide(request.user, trip.pk)
        changes = review.changes_since(
            current, seen_status=data["seen_status"], opened=data["opened"], language=language()
        )
        return _page(
            request,
            current,
            _form(current, now, request.POST),
            now=now,
            status=409,
            stale=Stale(stale.expected, stale.current, changes),
            typed=data,
        )
    except InvalidInput as error:
        show_service_errors(form, error)
        return _page(request, trip, form, now=now, status=422)
    except NotAllowed as error:
        return refused(request, error.message)
    except IllegalTransition as error:
        current = review.trip_to_decide(request.user, trip.pk)
        return _page(
            request,
            current,
            _form(current, now, request.POST),
            now=now,
            status=409,
            problem=error.message,
            typed=data,
        )
    message = DECIDED[ReviewDecision(data["decision"])] % {"title": decided.title}
    if decided.status == TripStatus.SUBMITTED:
        message += " " + _("It now waits for the next step of its approval chain.")
    messages.success(request, message)
    return redirect("console:review-queue")
