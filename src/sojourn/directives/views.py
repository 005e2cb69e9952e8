"""The oversight desk: the dashboard, policy versions, directives and their re-assessment runs.

Thin views: each parses its input, calls a selector or a service, and renders. Oversight and
auditors read these pages; anyone else gets a 404, as if they did not exist. Only oversight acts:
an auditor who posts is refused with a 403.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sojourn.directives import reassess, selectors, services, whatif
from sojourn.directives.forms import (
    AdvisoryForm,
    CancelForm,
    HoldForm,
    PersonSearchForm,
    PolicyForm,
    TripSearchForm,
    apply_errors,
)
from sojourn.directives.models import PolicyVersion, ReassessmentRun, RunStatus
from sojourn.people.access import reads_everything, role_of
from sojourn.people.models import Person, Role
from sojourn.people.sections import may_open
from sojourn.security.reauth import recent_authentication_required
from sojourn.trips import edges
from sojourn.trips.errors import IllegalTransition, InvalidInput, LifecycleError
from sojourn.trips.models import Trip

log = logging.getLogger(__name__)

POLICIES_PER_PAGE = 50
DIRECTIVES_PER_PAGE = 25
CHANGES_PER_PAGE = 100
WHATIF_ROWS_SHOWN = 200


def _reader(request: HttpRequest) -> User:
    """The viewer, if they read the authority's record (oversight, auditors); else a 404."""
    if not reads_everything(request.user):
        raise Http404
    user = request.user
    assert isinstance(user, User)
    return user


def _section(request: HttpRequest, url_name: str) -> User:
    """The viewer, if their role may open this section of the menu; else a 404."""
    if not may_open(request.user, url_name):
        raise Http404
    return _reader(request)


def _oversight(request: HttpRequest) -> User:
    """The viewer, if oversight; a 403 for auditors (they see these pages), else a 404."""
    user = _reader(request)
    if role_of(user) != Role.OVERSIGHT:
        raise PermissionDenied(_("Only oversight issues directives."))
    return user


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _may_act(user: User) -> bool:
    return role_of(user) == Role.OVERSIGHT


# Dashboard ----------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _section(request, "oversight-dashboard")
    data = selectors.dashboard(user, timezone.now(), translation.get_language() or "en")
    return render(request, "oversight/dashboard.html", {"board": data})


# Policies -----------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    user = _section(request, "policy-list")
    versions = selectors.policy_versions(timezone.now())
    page = Paginator(versions, POLICIES_PER_PAGE).get_page(request.GET.get("page"))
    following = selectors.organisations_by_pack()
    rows = [(version, following.get(version.pack_id, [])) for version in page]
    return render(
        request,
        "directives/policy_list.html",
        {"page": page, "rows": rows, "may_act": _may_act(user)},
    )


@never_cache
@login_required
@require_GET
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    version = get_object_or_404(PolicyVersion.objects.select_related("issued_by"), pk=pk)
    following = selectors.organisations_by_pack().get(version.pack_id, [])
    return render(
        request,
        "directives/policy_detail.html",
        {"version": version, "following": following, "may_act": _may_act(user)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def policy_new(request: HttpRequest) -> HttpResponse:
    """GET: the form (optionally starting from a stored version). POST: check the text; if it
    loads, preview what it would change. Nothing is written until the preview is confirmed."""
    _oversight(request)
    if request.method == "GET":
        start = PolicyVersion.objects.filter(pk=_int(request.GET.get("from")) or 0).first()
        form = PolicyForm(initial={"source": start.source if start else ""})
        return _policy_page(request, form)
    form = PolicyForm(request.POST, request.FILES)
    if not form.is_valid() or form.pack is None:
        return _policy_page(request, form, status=422)
    now = timezone.now()  # the one place this page reads the clock
    report = whatif.whatif(form.pack, now=now)
    return _policy_page(
        request,
        form,
        preview=report,
        lines=selectors.whatif_lines(report.rows[:WHATIF_ROWS_SHOWN]),
        following=selectors.organisations_by_pack().get(form.pack.id, []),
    )


@never_cache
@login_required
@require_POST
@recent_authentication_required
def policy_issue(request: HttpRequest) -> HttpResponse:
    """Issue the previewed text as a directive, then follow its re-assessment run."""
    user = _oversight(request)
    form = PolicyForm(request.POST)
    if not form.is_valid() or form.pack is None:
        return _policy_page(request, form, status=422)
    try:
        directive, run = services.issue_policy_version(
            actor=user,
            source=form.cleaned_data["source"],
            note=form.cleaned_data["note"],
            now=timezone.now(),
        )
    except InvalidInput as refused:
        form.refuse(refused.errors)
        return _policy_page(request, form, status=422)
    assert directive.policy_version is not None
    messages.success(
        request,
        _("Policy %(ref)s issued as directive #%(id)s; its trips are being re-assessed.")
        % {"ref": directive.policy_version.ref, "id": directive.pk},
    )
    return redirect("run-detail", pk=run.pk)


def _policy_page(
    request: HttpRequest, form: PolicyForm, *, status: int = 200, **context: Any
) -> HttpResponse:
    return render(request, "directives/policy_new.html", {"form": form, **context}, status=status)


def _int(value: str | None) -> int | None:
    """An id typed into the address; anything else (words, "²", 30 digits) is none."""
    return int(value) if value and value.isdecimal() and len(value) < 19 else None


# Directives ---------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def directive_list(request: HttpRequest) -> HttpResponse:
    user = _section(request, "directive-list")
    page = Paginator(selectors.directives(user), DIRECTIVES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "directives/directive_list.html", {"page": page, "may_act": _may_act(user)}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@recent_authentication_required
def advisory_new(request: HttpRequest) -> HttpResponse:
    user = _oversight(request)
    if request.method == "GET":
        return _advisory_page(request, AdvisoryForm())
    form = AdvisoryForm(request.POST)
    if not form.is_valid():
        return _advisory_page(request, form, status=422)
    data = form.cleaned_data
    try:
        directive, run = services.issue_advisory(
            actor=user,
            destinations=data["destinations"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            effect=data["effect"],
            tier=data["tier"],
            text=data["text"],
            now=timezone.now(),
        )
    except InvalidInput as refused:
        apply_errors(form, refused.errors)
        return _advisory_page(request, form, status=422)
    messages.success(
        request,
        _("Advisory issued as directive #%(id)s; open trips are being re-assessed.")
        % {"id": directive.pk},
    )
    return redirect("run-detail", pk=run.pk)


def _advisory_page(request: HttpRequest, form: AdvisoryForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "directives/advisory_new.html",
        {"form": form, "tier_names": selectors.tier_names(timezone.now())},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@recent_authentication_required
def instruction_cancel(request: HttpRequest) -> HttpResponse:
    """Pick an open trip (search, or its number) and instruct its cancellation."""
    user = _oversight(request)
    search = TripSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "GET" and _is_htmx(request):
        return render(
            request,
            "directives/includes/trip_results.html",
            {"trips": selectors.open_trips(user, query), "query": query},
        )
    if request.method == "GET":
        chosen = _int(request.GET.get("trip"))
        return _cancel_page(request, search, CancelForm(initial={"trip": chosen}), query=query)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _cancel_page(request, search, form, query=query, status=422)
    trip = Trip.objects.visible_to(user).filter(pk=form.cleaned_data["trip"]).first()
    if trip is None:
        form.add_error("trip", _("There is no trip with this number."))
        return _cancel_page(request, search, form, query=query, status=422)
    try:
        directive = services.instruct_cancel(
            actor=user, trip=trip, text=form.cleaned_data["text"], now=timezone.now()
        )
    except IllegalTransition as refused:
        form.add_error("trip", refused.message)
        return _cancel_page(request, search, form, query=query, status=409)
    except InvalidInput as refused:
        apply_errors(form, refused.errors, {"reason": "text"})
        return _cancel_page(request, search, form, query=query, status=422)
    messages.success(
        request,
        _("Trip #%(trip)s, “%(title)s”, is cancelled by directive #%(id)s.")
        % {"trip": trip.pk, "title": trip.title, "id": directive.pk},
    )
    return redirect("directive-list")


def _cancel_page(
    request: HttpRequest,
    search: TripSearchForm,
    form: CancelForm,
    *,
    query: str,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    chosen = _int(str(form["trip"].value() or ""))
    trip = None
    if chosen is not None:
        trips = Trip.objects.visible_to(user).select_related("traveller", "organisation")
        trip = trips.prefetch_related("legs").filter(pk=chosen).first()
    return render(
        request,
        "directives/instruction_cancel.html",
        {
            "search": search,
            "form": form,
            "trips": selectors.open_trips(user, query),
            "query": query,
            "chosen": trip,
            "cancellable": trip is not None and edges.allows("cancel", trip.status),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@recent_authentication_required
def instruction_hold(request: HttpRequest) -> HttpResponse:
    """Pick a person (search, or their username) and hold their travel until a date."""
    user = _oversight(request)
    search = PersonSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "GET" and _is_htmx(request):
        return render(
            request,
            "directives/includes/person_results.html",
            {"people": selectors.people(user, query), "query": query},
        )
    if request.method == "GET":
        form = HoldForm(initial={"person": request.GET.get("person", "")})
        return _hold_page(request, search, form, query=query)
    form = HoldForm(request.POST)
    if not form.is_valid():
        return _hold_page(request, search, form, query=query, status=422)
    person = _person(user, form.cleaned_data["person"])
    if person is None:
        form.add_error("person", _("Nobody in Sojourn has this username."))
        return _hold_page(request, search, form, query=query, status=422)
    try:
        directive, run = services.instruct_hold(
            actor=user,
            person=person.user,
            hold_until=form.cleaned_data["hold_until"],
            text=form.cleaned_data["text"],
            now=timezone.now(),
        )
    except InvalidInput as refused:
        apply_errors(form, refused.errors)
        return _hold_page(request, search, form, query=query, status=422)
    messages.success(
        request,
        _("Travel of %(name)s is held until %(hold_until)s by directive #%(id)s.")
        % {"name": person.display_name, "hold_until": directive.hold_until, "id": directive.pk},
    )
    return redirect("run-detail", pk=run.pk)


def _person(user: User, username: str) -> Person | None:
    if "\x00" in username:  # no username has one, and PostgreSQL refuses to compare it
        return None
    return (
        Person.objects.visible_to(user)
        .select_related("user", "organisation")
        .filter(user__username=username.strip())
        .first()
    )


def _hold_page(
    request: HttpRequest,
    search: PersonSearchForm,
    form: HoldForm,
    *,
    query: str,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    chosen = form["person"].value()
    return render(
        request,
        "directives/instruction_hold.html",
        {
            "search": search,
            "form": form,
            "people": selectors.people(user, query),
            "query": query,
            "chosen": _person(user, str(chosen)) if chosen else None,
        },
        status=status,
    )


# Re-assessment runs -------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress. While it is pending or running, the progress panel polls
    `run_progress` (htmx, every 2 s); a finished run's panel carries no trigger, so it stops."""
    return render(request, "directives/run_detail.html", _run_context(request, pk))


@never_cache
@login_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel alone, which htmx swaps in place of the one on the page."""
    context = {**_run_context(request, pk), "polled": True}
    return render(request, "directives/includes/run_progress.html", context)


def _run_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _reader(request)
    run = get_object_or_404(
        ReassessmentRun.objects.select_related("directive__issued_by", "directive__policy_version"),
        pk=pk,
    )
    changes = Paginator(selectors.run_changes(run), CHANGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "run": run,
        "changes": changes,
        "active": run.status in (RunStatus.PENDING, RunStatus.RUNNING),
        "may_act": _may_act(user),
    }


@never_cache
@login_required
@require_POST
def run_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Carry the run to its end inside this request. Fine for the few hundred trips of a
    small authority; bigger runs are the worker's (`sojourn worker`, or `sojourn reassess`)."""
    _oversight(request)
    run = get_object_or_404(ReassessmentRun, pk=pk)
    if run.status == RunStatus.DONE:
        messages.info(request, _("This run has already finished."))
        return redirect("run-detail", pk=run.pk)
    try:
        run = reassess.resume(run, now=timezone.now())
    except LifecycleError as error:
        log.exception("Re-assessment run %s failed", pk)
        messages.error(request, _("The run stopped: %(error)s") % {"error": error.message})
        return redirect("run-detail", pk=pk)
    if run.status == RunStatus.DONE:
        messages.success(
            request,
            _("Run finished: %(processed)s trips re-assessed, %(changed)s made stricter.")
            % {"processed": run.processed, "changed": run.changed},
        )
    else:
        messages.info(request, _("Another process is carrying this run; its progress is below."))
    return redirect("run-detail", pk=run.pk)
