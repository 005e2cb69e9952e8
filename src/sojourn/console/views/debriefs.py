"""Debrief review: the debriefs waiting, and one debrief read whole, accepted or sent back."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sojourn.audit import services as audit
from sojourn.console.forms import DebriefReviewForm, show_service_errors
from sojourn.console.selectors import debriefs
from sojourn.console.views.common import (
    READERS,
    actor,
    language,
    query_without,
    refused,
    role_refusal,
    section_refusal,
)
from sojourn.debriefs import filing
from sojourn.people.access import reads_everything
from sojourn.trips import permissions
from sojourn.trips.errors import IllegalTransition, InvalidInput, NotAllowed, StaleVersion
from sojourn.trips.models import Trip, TripStatus


@never_cache
@login_required
@require_GET
def debrief_queue(request: HttpRequest) -> HttpResponse:
    if refusal := section_refusal(request, "console:debrief-queue"):
        return refusal
    queue = debriefs.debrief_queue(actor(request), request.GET.get("page"), language())
    context = {
        "queue": queue,
        "query": query_without(request.GET, "page"),
        "show_organisation": reads_everything(request.user),
    }
    return render(request, "console/debrief_queue.html", context)


def _form(trip: Trip, typed: QueryDict | None = None) -> DebriefReviewForm:
    """A form on the trip as it is now, keeping what the reviewer typed, if anything."""
    if typed is None:
        return DebriefReviewForm(initial={"version": trip.version})
    data = typed.copy()
    data["version"] = str(trip.version)
    return DebriefReviewForm(data)


def _page(
    request: HttpRequest, trip: Trip, form: DebriefReviewForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    user = actor(request)
    debrief = debriefs.debrief_of(user, trip)
    page = debriefs.debrief_page(user, trip, debrief, language())
    may_review = permissions.may_review_debrief(user, trip) and trip.status == TripStatus.DEBRIEFED
    audit.record_read(
        actor=user, obj=debrief, owner_id=trip.traveller_id, what="debrief", at=timezone.now()
    )
    context = {"page": page, "trip": trip, "form": form, "may_review": may_review, **extra}
    return render(request, "console/debrief_review.html", context, status=status)


def _trip(request: HttpRequest, trip_id: int) -> Trip:
    return Trip.objects.select_related("traveller", "organisation").get_for(
        request.user, pk=trip_id
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def debrief_review(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = _trip(request, trip_id)
    debriefs.debrief_of(request.user, trip)  # no debrief: a 404 before anything else
    if refusal := role_refusal(request, READERS):
        return refusal
    if request.method == "GET":
        return _page(request, trip, _form(trip))
    if not permissions.may_review_debrief(actor(request), trip):
        return refused(
            request,
            _("Only a security officer of this organisation or oversight reviews debriefs."),
        )
    form = DebriefReviewForm(request.POST)
    if not form.is_valid():
        return _page(request, trip, form, status=422)
    data = form.cleaned_data
    try:
        filing.review_debrief(
            trip,
            actor=actor(request),
            decision=data["decision"],
            now=timezone.now(),
            comment=data["comment"],
            version=data["version"],
        )
    except StaleVersion as stale:
        current = _trip(request, trip_id)
        return _page(
            request, current, _form(current, request.POST), status=409, stale=stale, typed=data
        )
    except InvalidInput as error:
        show_service_errors(form, error)
        return _page(request, trip, form, status=422)
    except NotAllowed as error:
        return refused(request, error.message)
    except IllegalTransition as error:
        current = _trip(request, trip_id)
        return _page(
            request,
            current,
            _form(current, request.POST),
            status=409,
            problem=error.message,
            typed=data,
        )
    if data["decision"] == "accept":
        done = _("Debrief accepted: “%(title)s” is closed.")
    else:
        done = _("You asked for more information on “%(title)s”; the traveller is told what.")
    messages.success(request, done % {"title": trip.title})
    return redirect("console:debrief-queue")
