"""The trip form and its live assessment, and the actions on a trip page."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import OperationalError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sojourn.facekit import failures
from sojourn.facekit.refusals import status_of
from sojourn.people.access import person_of
from sojourn.people.today import today_of
from sojourn.policy import InputError
from sojourn.trips import drafts, permissions, services
from sojourn.trips.assessing import assess_facts, traveller_of
from sojourn.trips.errors import (
    InvalidInput,
    LifecycleError,
    StaleVersion,
)
from sojourn.trips.forms.rows import RowChange, change_rows
from sojourn.trips.forms.trip_actions import VersionForm, WithdrawForm
from sojourn.trips.forms.trip_editor import TripEditor, blank_trip_data, trip_data
from sojourn.trips.models import (
    Invitation,
    InvitationDecision,
    Trip,
    TripStatus,
)
from sojourn.trips.views.common import (
    WITHDRAWABLE,
    Preview,
    _is_htmx,
    _may_report,
    _not_a_reporter,
    _reason,
    _refused,
    _user,
)

# The trip form --------------------------------------------------------------------------------


def _open_invitations(user: User, trip: Trip | None = None) -> QuerySet[Invitation]:
    """The invitations a trip may answer: the traveller's own, not declined, and the one a
    draft answers already (even if declined since, so editing does not lose it)."""
    decisions = [InvitationDecision.PENDING, InvitationDecision.ACCEPTED]
    answerable = Q(decision__in=decisions)
    if trip is not None and trip.invitation_id is not None:
        answerable |= Q(pk=trip.invitation_id)
    mine = Invitation.objects.visible_to(user).filter(answerable, invitee=user)
    return mine.order_by("starts_on", "id")


def _preview(request: HttpRequest, data: Any) -> Preview:
    """Assess the unsaved form as if it were submitted today. Nothing is stored."""
    person = person_of(request.user)
    if person is None:
        return Preview(None, show_necessity=False)
    today = today_of(person.organisation, timezone.now())
    facts = TripEditor.bind(data).facts(traveller_of(person, person.organisation), today)
    assessment = None
    if facts is not None:
        try:
            found = assess_facts(
                facts, organisation=person.organisation, traveller_id=person.user_id, today=today
            )
            assessment = found.to_dict()
        except InputError:
            assessment = None
    if assessment is not None:
        return Preview(assessment, show_necessity=bool(assessment["necessity_required"]))
    # While a leg is incomplete, whatever was typed about necessity stays in sight.
    typed = any(str(data.get(name, "")).strip() for name in ("necessity", "alternatives"))
    return Preview(None, show_necessity=typed)


def _form_page(
    request: HttpRequest,
    editor: TripEditor,
    *,
    trip: Trip | None = None,
    status: int = 200,
    problem: str = "",
    change: RowChange | None = None,
) -> HttpResponse:
    if change is not None and change.added is not None:
        editor.focus_row(change.prefix, change.added)
    context = {
        "editor": editor,
        "trip": trip,
        "preview": _preview(request, editor.form.data),
        "problem": problem,
        "focus_add": change.prefix if change is not None and change.added is None else "",
    }
    if change is not None and _is_htmx(request):
        # Only the rows that changed, and the panel out of band: a removed leg changes it.
        context["rows_template"] = f"trips/includes/{change.prefix}.html"
        return render(request, "trips/includes/rows_response.html", context, status=status)
    return render(request, "trips/trip_form.html", context, status=status)


def _save(user: User, editor: TripEditor, trip: Trip | None, now: datetime.datetime) -> Trip:
    invitation = editor.invitation
    if trip is None:
        return drafts.create_draft(
            actor=user,
            data=editor.trip_input(),
            now=now,
            invitation=None if invitation is drafts.KEEP else invitation,
        )
    version = editor.form.cleaned_data["version"]
    return drafts.update_draft(
        trip,
        actor=user,
        data=editor.trip_input(),
        now=now,
        version=version,
        invitation=invitation,
    )


def _submit_saved(request: HttpRequest, trip: Trip, now: datetime.datetime) -> HttpResponse:
    try:
        trip = services.submit(trip, actor=_user(request), now=now, version=trip.version)
    except LifecycleError as error:
        messages.error(
            request,
            _("The draft is saved, but it could not be submitted: %(reason)s")
            % {"reason": _reason(error)},
        )
        return redirect("trip-detail", trip.pk)
    messages.success(
        request, _("Trip submitted. It is now: %(status)s.") % {"status": trip.get_status_display()}
    )
    return redirect("trip-detail", trip.pk)


def _storage_full() -> str:
    return _(
        "Nothing was saved: the server's storage is full. What you typed is still here; "
        "save again once the administrators have freed space."
    )


def _post_trip(
    request: HttpRequest, trip: Trip | None, choices: QuerySet[Invitation]
) -> HttpResponse:
    action = request.POST.get("action", "save")
    change = change_rows(request.POST, action)
    editing = trip is not None
    if change is not None or action == "refresh":
        data = change.data if change is not None else request.POST
        editor = TripEditor.bind(data, invitations=choices, editing=editing, quiet=True)
        return _form_page(request, editor, trip=trip, change=change)

    submitting = action == "submit"
    editor = TripEditor.bind(
        request.POST, invitations=choices, editing=editing, require_leg=submitting
    )
    if not editor.is_valid():
        return _form_page(request, editor, trip=trip, status=422)
    now = timezone.now()
    try:
        saved = _save(_user(request), editor, trip, now)
    except InvalidInput as error:
        editor.add_service_errors(error.errors)
        return _form_page(request, editor, trip=trip, status=422)
    except StaleVersion as error:
        # Keep what was typed, now at the current version: saving again is a deliberate choice.
        data = request.POST.copy()
        data["version"] = str(error.current)
        editor = TripEditor.bind(data, invitations=choices, editing=editing, quiet=True)
        problem = " ".join(
            [error.message, _("Or save again to replace it with what this form holds.")]
        )
        return _form_page(request, editor, trip=trip, status=409, problem=problem)
    except LifecycleError as error:
        return _form_page(
            request, editor, trip=trip, status=status_of(error), problem=_reason(error)
        )
    except OperationalError as error:
        if failures.kind_of(error) != failures.FULL:
            raise  # the database away: the server's 503 page (sojourn.web.errors)
        return _form_page(request, editor, trip=trip, status=507, problem=_storage_full())
    if submitting:
        return _submit_saved(request, saved, now)
    messages.success(request, _("Draft saved. Submit it when it is complete."))
    return redirect("trip-detail", saved.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def trip_new(request: HttpRequest) -> HttpResponse:
    if not _may_report(request.user):
        return _not_a_reporter(request)
    choices = _open_invitations(_user(request))
    if request.method == "POST":
        return _post_trip(request, None, choices)
    return _form_page(request, TripEditor.bind(blank_trip_data(), invitations=choices, quiet=True))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def trip_edit(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = Trip.objects.select_related("invitation").get_for(request.user, pk=trip_id)
    if not permissions.is_traveller(_user(request), trip):
        return _refused(request, _("Only the traveller can edit their trip."), status=403)
    choices = _open_invitations(_user(request), trip)
    if request.method == "POST":
        return _post_trip(request, trip, choices)
    if trip.status != TripStatus.DRAFT:
        message = _("Only a draft can be edited; this trip is %(status)s.") % {
            "status": trip.get_status_display()
        }
        return _refused(request, message, status=409, trip=trip)
    editor = TripEditor.bind(trip_data(trip), invitations=choices, editing=True, quiet=True)
    return _form_page(request, editor, trip=trip)


@never_cache
@login_required
@require_POST
def trip_assess(request: HttpRequest) -> HttpResponse:
    """The live assessment panel, for htmx: the unsaved form in, the panel out."""
    if not _may_report(request.user):
        return render(
            request, "trips/includes/assessment_panel.html", {"preview": None}, status=403
        )
    preview = _preview(request, request.POST)
    return render(request, "trips/includes/assessment_panel.html", {"preview": preview})


# Actions on a trip page -----------------------------------------------------------------------


def _act(
    request: HttpRequest,
    trip_id: int,
    act: Callable[[Trip, dict[str, Any]], Trip],
    done: Callable[[Trip], str],
) -> HttpResponse:
    trip = Trip.objects.get_for(request.user, pk=trip_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, _("The page was incomplete: reload the trip and try again."), status=400
        )
    try:
        trip = act(trip, form.cleaned_data)
    except LifecycleError as error:
        return _refused(request, _reason(error), status=status_of(error), trip=trip)
    messages.success(request, done(trip))
    return redirect("trip-detail", trip.pk)


@never_cache
@login_required
@require_POST
def trip_submit(request: HttpRequest, trip_id: int) -> HttpResponse:
    def act(trip: Trip, data: dict[str, Any]) -> Trip:
        return services.submit(
            trip, actor=_user(request), now=timezone.now(), version=data["version"]
        )

    def done(trip: Trip) -> str:
        return _("Trip submitted. It is now: %(status)s.") % {"status": trip.get_status_display()}

    return _act(request, trip_id, act, done)


@never_cache
@login_required
@require_POST
def trip_briefing(request: HttpRequest, trip_id: int) -> HttpResponse:
    def act(trip: Trip, data: dict[str, Any]) -> Trip:
        return services.acknowledge_briefing(
            trip, actor=_user(request), now=timezone.now(), version=data["version"]
        )

    return _act(request, trip_id, act, lambda trip: _("Briefing acknowledged. Safe travels."))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def trip_withdraw(request: HttpRequest, trip_id: int) -> HttpResponse:
    """GET asks for confirmation (and an optional reason); POST withdraws."""
    trip = Trip.objects.get_for(request.user, pk=trip_id)
    if not permissions.is_traveller(_user(request), trip):
        return _refused(request, _("Only the traveller can withdraw a trip."), status=403)
    if request.method != "POST":
        form = WithdrawForm(initial={"version": trip.version})
        status = 200 if trip.status in WITHDRAWABLE else 409
        return _withdraw_page(request, trip, form, status=status)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        # The version is a hidden field: its error would show nowhere on the page.
        incomplete = _("The page was incomplete: reload the trip and try again.")
        problem = incomplete if form.has_error("version") else ""
        return _withdraw_page(request, trip, form, status=422, problem=problem)
    try:
        trip = services.withdraw(
            trip,
            actor=_user(request),
            now=timezone.now(),
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except LifecycleError as error:
        trip.refresh_from_db()
        data = request.POST.copy()
        data["version"] = str(trip.version)  # the page now shows the trip as it is
        form = WithdrawForm(data)
        return _withdraw_page(request, trip, form, status=status_of(error), problem=_reason(error))
    messages.success(request, _("Trip withdrawn."))
    return redirect("trip-detail", trip.pk)


def _withdraw_page(
    request: HttpRequest, trip: Trip, form: WithdrawForm, *, status: int, problem: str = ""
) -> HttpResponse:
    context = {
        "trip": trip,
        "form": form,
        "problem": problem,
        "withdrawable": trip.status in WITHDRAWABLE,
    }
    return render(request, "trips/withdraw.html", context, status=status)
