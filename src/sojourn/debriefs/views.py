"""The traveller's debrief page: write it (save a draft as often as needed), then submit it.

Thin: `DebriefForms` parses and validates, `sojourn.debriefs.services.save_draft` writes the
draft and `sojourn.debriefs.filing.submit_debrief` files it. Adding or removing a row re-renders
the form with everything typed (the whole page without JavaScript, the row set with htmx) and
saves nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sojourn.debriefs import filing
from sojourn.debriefs.forms import ROW_SETS, DebriefForms
from sojourn.debriefs.models import Debrief, DebriefStatus
from sojourn.debriefs.requirements import Requirements
from sojourn.debriefs.services import EDITABLE_DEBRIEF_STATES, save_draft
from sojourn.people.today import today_of
from sojourn.trips import edges, permissions
from sojourn.trips.errors import Conflict, InvalidInput, NotAllowed, StaleVersion
from sojourn.trips.models import Trip, TripStatus

PAGE = "debriefs/debrief_page.html"
ROWS = {"meetings": "debriefs/meetings.html", "incidents": "debriefs/incidents.html"}


def _traveller(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    return user


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def debrief(request: HttpRequest, trip_id: int) -> HttpResponse:
    now = timezone.now()  # the one place this page reads the clock
    trip = Trip.objects.select_related("traveller").get_for(request.user, pk=trip_id)
    if not permissions.is_traveller(_traveller(request), trip):
        raise PermissionDenied(_("Only the traveller writes their debrief."))
    found = Debrief.objects.filter(trip=trip).prefetch_related("meetings", "incidents").first()
    requirements = Requirements.of(trip.assessment)
    if request.method == "GET" or not _editable(trip, found):
        if request.method == "POST":
            return _page(request, trip, found, None, now=now, status=409)
        forms = DebriefForms.for_debrief(requirements, found, version=trip.version)
        return _page(request, trip, found, forms, now=now)
    forms = DebriefForms(requirements, data=request.POST)
    add, remove = request.POST.get("add", ""), request.POST.get("remove", "")
    if add in ROW_SETS or remove:
        return _rows_changed(request, trip, found, forms, now=now, add=add, remove=remove)
    submitting = request.POST.get("action") == "submit"
    if not forms.is_valid(submitting=submitting):
        return _page(request, trip, found, forms, now=now, status=422)
    try:
        with transaction.atomic():  # a refused submission keeps no half-saved draft either
            save_draft(trip, actor=_traveller(request), now=now, **forms.draft())
            if submitting:
                filing.submit_debrief(
                    trip, actor=_traveller(request), now=now, version=forms.version
                )
    except InvalidInput as error:
        forms.add_service_errors(error.errors)
        return _page(request, trip, found, forms, now=now, status=422)
    except StaleVersion as error:
        forms.refresh_version(error.current)
        return _page(request, trip, found, forms, now=now, status=409, refusal=error.message)
    except Conflict as error:  # the trip's state, or a debrief already filed
        return _page(request, trip, found, forms, now=now, status=409, refusal=error.message)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    if submitting:
        messages.success(request, _("Your debrief has been submitted to your security officer."))
    else:
        messages.success(request, _("Your draft has been saved. Submit it when it is complete."))
    return redirect("trip-debrief", trip_id=trip.pk)


def _editable(trip: Trip, found: Debrief | None) -> bool:
    return edges.allows("write_debrief", trip.status) and (
        found is None or found.status in EDITABLE_DEBRIEF_STATES
    )


def _rows_changed(
    request: HttpRequest,
    trip: Trip,
    found: Debrief | None,
    forms: DebriefForms,
    *,
    now: datetime.datetime,
    add: str,
    remove: str,
) -> HttpResponse:
    changed = forms.with_rows_changed(add=add, remove=remove)
    which = add if add in ROW_SETS else remove.rpartition("-")[0]
    focus = "add" if remove else "new"
    if focus == "new":
        changed.focus_new_row(which)
    if _is_htmx(request) and which in ROWS:
        context = _context(trip, found, changed, now=now)
        context.update({"focus": focus, "changed_rows": which})
        return render(request, ROWS[which], context)
    note = _("Rows changed; nothing is saved until you save the draft.")
    return _page(request, trip, found, changed, now=now, note=note, changed_rows=which, focus=focus)


def _context(
    trip: Trip, found: Debrief | None, forms: DebriefForms | None, *, now: datetime.datetime
) -> dict[str, Any]:
    today = today_of(trip.organisation, now)
    return {
        "trip": trip,
        "debrief": found,
        "forms": forms,
        "requirements": Requirements.of(trip.assessment),
        "editable": _editable(trip, found),
        "can_submit": edges.allows("submit_debrief", trip.status),
        "opens_later": not edges.allows("write_debrief", trip.status)
        and trip.status not in {TripStatus.DEBRIEFED, TripStatus.CLOSED},
        "info_requested": found is not None and found.status == DebriefStatus.INFO_REQUESTED,
        "overdue": bool(
            trip.debrief_due
            and trip.debrief_due < today
            and (found is None or found.status in EDITABLE_DEBRIEF_STATES)
        ),
    }


def _page(
    request: HttpRequest,
    trip: Trip,
    found: Debrief | None,
    forms: DebriefForms | None,
    *,
    now: datetime.datetime,
    status: int = 200,
    refusal: str = "",
    note: str = "",
    changed_rows: str = "",
    focus: str = "",
) -> HttpResponse:
    context = _context(trip, found, forms, now=now)
    context.update({"refusal": refusal, "note": note, "changed_rows": changed_rows, "focus": focus})
    if status == 409 and not refusal:
        context["refusal"] = _("This debrief can no longer be edited.")
    return render(request, PAGE, context, status=status)
