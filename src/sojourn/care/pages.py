"""The traveller's duty-of-care pages, signed in: check in, and report a deviation.

Thin views: each parses its form, calls `sojourn.care.services` and renders. Only the traveller
acts here; anyone else who may see the trip is refused (403), anyone who may not gets a 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sojourn.care.forms import CheckInForm, DeviationForm, current_country
from sojourn.care.models import CheckIn, CheckInStatus, Deviation
from sojourn.care.services import DeviationInput, check_in, report_deviation
from sojourn.people.today import today_of
from sojourn.trips import edges, permissions
from sojourn.trips.errors import IllegalTransition, InvalidInput, NotAllowed
from sojourn.trips.models import Trip

CHECKIN_PAGE = "care/checkin_page.html"
CHECKIN_FORM = "care/checkin_page_form.html"
CHECKIN_HELP = "care/checkin_page_help.html"


def _traveller(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    return user


def _own_trip(request: HttpRequest, trip_id: int) -> Trip:
    """The trip, if the viewer is its traveller; 404 if they may not see it, 403 if they may
    see it but are someone else (an officer, oversight, an auditor)."""
    trip = Trip.objects.select_related("traveller").get_for(request.user, pk=trip_id)
    if not permissions.is_traveller(_traveller(request), trip):
        raise PermissionDenied(_("Only the traveller checks in and reports deviations."))
    return trip


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# Check in -----------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, trip_id: int) -> HttpResponse:
    now = timezone.now()  # the one place this page reads the clock
    trip = _own_trip(request, trip_id)
    if request.method == "GET":
        today = today_of(trip.organisation, now)
        form = CheckInForm(initial={"country": current_country(list(trip.legs.all()), today)})
        return _checkin_page(request, trip, form, now=now)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return _checkin_page(request, trip, form, now=now, status=422)
    if (
        form.cleaned_data["status"] == CheckInStatus.NEED_HELP
        and not form.cleaned_data["confirmed"]
    ):
        # Nothing is recorded yet: the traveller confirms on the next step.
        return _checkin_page(request, trip, form, now=now, confirming=True)
    try:
        recorded = check_in(
            trip,
            actor=_traveller(request),
            status=form.cleaned_data["status"],
            now=now,
            country=form.cleaned_data["country"],
            city=form.cleaned_data["city"],
            note=form.cleaned_data["note"],
        )
    except InvalidInput as error:
        for field, message in error.errors.items():
            form.add_error(field if field in form.fields else None, message)
        return _checkin_page(request, trip, form, now=now, status=422)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except IllegalTransition as error:
        return _checkin_page(request, trip, form, now=now, status=409, refusal=error.message)
    if recorded.status == CheckInStatus.NEED_HELP:
        messages.warning(
            request,
            _(
                "Your call for help has been sent: your security officers and oversight have "
                "been alerted, marked urgent."
            ),
        )
    else:
        messages.success(request, _("Thank you: you are checked in."))
    return redirect("trip-checkin", trip_id=trip.pk)


def _checkin_page(
    request: HttpRequest,
    trip: Trip,
    form: CheckInForm,
    *,
    now: datetime.datetime,
    status: int = 200,
    confirming: bool = False,
    refusal: str = "",
) -> HttpResponse:
    context: dict[str, Any] = {
        "trip": trip,
        "form": form,
        "confirming": confirming,
        "refusal": refusal,
        "open": edges.allows("check_in", trip.status),
        "may_report_deviation": edges.allows("report_deviation", trip.status),
        "last_checkin": CheckIn.objects.filter(trip=trip).order_by("-at").first(),
        "overdue": bool(trip.checkin_due_at and trip.checkin_due_at < now),
        "now": now,
    }
    if _is_htmx(request):
        # htmx swaps only the panel, and does not swap error statuses: answer 200.
        return render(request, CHECKIN_HELP if confirming else CHECKIN_FORM, context)
    return render(request, CHECKIN_PAGE, context, status=status)


# Deviation ----------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def deviation(request: HttpRequest, trip_id: int) -> HttpResponse:
    now = timezone.now()
    trip = _own_trip(request, trip_id)
    if request.method == "GET":
        today = today_of(trip.organisation, now)
        form = DeviationForm(initial={"starts_on": today, "ends_on": today})
        return _deviation_page(request, trip, form)
    form = DeviationForm(request.POST)
    if not form.is_valid():
        return _deviation_page(request, trip, form, status=422)
    data = form.cleaned_data
    try:
        reported = report_deviation(
            trip,
            actor=_traveller(request),
            now=now,
            data=DeviationInput(
                country=data["country"],
                city=data["city"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                transit=data["transit"],
                reason=data["reason"],
            ),
        )
    except InvalidInput as error:
        for field, message in error.errors.items():
            form.add_error(field if field in form.fields else None, message)
        return _deviation_page(request, trip, form, status=422)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except IllegalTransition as error:
        return _deviation_page(request, trip, form, status=409, refusal=error.message)
    messages.success(request, _("Your change of plan has been recorded and assessed."))
    return redirect("trip-deviation-result", trip_id=trip.pk, deviation_id=reported.pk)


def _deviation_page(
    request: HttpRequest,
    trip: Trip,
    form: DeviationForm,
    *,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    context = {
        "trip": trip,
        "form": form,
        "refusal": refusal,
        "open": edges.allows("report_deviation", trip.status),
        "deviations": list(Deviation.objects.filter(trip=trip).order_by("-reported_at")),
    }
    return render(request, "care/deviation_form.html", context, status=status)


@never_cache
@login_required
@require_GET
def deviation_result(request: HttpRequest, trip_id: int, deviation_id: int) -> HttpResponse:
    trip = _own_trip(request, trip_id)
    reported = Deviation.objects.get_for(request.user, pk=deviation_id, trip=trip)
    return render(request, "care/deviation_result.html", {"trip": trip, "deviation": reported})
