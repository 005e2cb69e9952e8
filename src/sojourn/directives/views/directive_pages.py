"""The directive pages: the directives issued, and a new advisory, cancellation or hold."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sojourn.directives import selectors, services
from sojourn.directives.forms import (
    AdvisoryForm,
    CancelForm,
    HoldForm,
    PersonSearchForm,
    TripSearchForm,
    apply_errors,
)
from sojourn.directives.views.viewer import int_or_none, is_htmx, may_act, oversight, section
from sojourn.people.models import Person
from sojourn.security.reauth import recent_authentication_required
from sojourn.trips import edges
from sojourn.trips.errors import IllegalTransition, InvalidInput
from sojourn.trips.models import Trip

DIRECTIVES_PER_PAGE = 25


@never_cache
@login_required
@require_GET
def directive_list(request: HttpRequest) -> HttpResponse:
    user = section(request, "directive-list")
    page = Paginator(selectors.directives(user), DIRECTIVES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "directives/directive_list.html", {"page": page, "may_act": may_act(user)}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@recent_authentication_required
def advisory_new(request: HttpRequest) -> HttpResponse:
    user = oversight(request)
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
    user = oversight(request)
    search = TripSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "GET" and is_htmx(request):
        return render(
            request,
            "directives/includes/trip_results.html",
            {"trips": selectors.open_trips(user, query), "query": query},
        )
    if request.method == "GET":
        chosen = int_or_none(request.GET.get("trip_id"))
        return _cancel_page(request, search, CancelForm(initial={"trip_id": chosen}), query=query)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _cancel_page(request, search, form, query=query, status=422)
    trip = Trip.objects.visible_to(user).filter(pk=form.cleaned_data["trip_id"]).first()
    if trip is None:
        form.add_error("trip_id", _("There is no trip with this number."))
        return _cancel_page(request, search, form, query=query, status=422)
    try:
        directive = services.instruct_cancel(
            actor=user, trip=trip, text=form.cleaned_data["text"], now=timezone.now()
        )
    except IllegalTransition as refused:
        form.add_error("trip_id", refused.message)
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
    chosen = int_or_none(str(form["trip_id"].value() or ""))
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
    user = oversight(request)
    search = PersonSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "GET" and is_htmx(request):
        return render(
            request,
            "directives/includes/person_results.html",
            {"people": selectors.people(user, query), "query": query},
        )
    if request.method == "GET":
        form = HoldForm(initial={"person_id": int_or_none(request.GET.get("person_id"))})
        return _hold_page(request, search, form, query=query)
    form = HoldForm(request.POST)
    if not form.is_valid():
        return _hold_page(request, search, form, query=query, status=422)
    person = _person(user, form.cleaned_data["person_id"])
    if person is None:
        form.add_error("person_id", _("Nobody in Sojourn has this user id."))
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


def _person(user: User, person_id: int) -> Person | None:
    return (
        Person.objects.visible_to(user)
        .select_related("user", "organisation")
        .filter(user_id=person_id)
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
    chosen = int_or_none(str(form["person_id"].value() or ""))
    return render(
        request,
        "directives/instruction_hold.html",
        {
            "search": search,
            "form": form,
            "people": selectors.people(user, query),
            "query": query,
            "chosen": None if chosen is None else _person(user, chosen),
        },
        status=status,
    )
