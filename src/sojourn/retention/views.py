"""The retention report: what was purged when, by kind and organisation (counts only)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sojourn.conf.errors import InvalidInput, LifecycleError, NotAllowed
from sojourn.people.access import organisation_id_of, reads_everything
from sojourn.people.models import Person
from sojourn.people.sections import may_open
from sojourn.retention import holds
from sojourn.retention.models import LegalHold, Purge
from sojourn.retention.periods import defaults
from sojourn.trips.models import Trip

REPORT_SIZE = 200


@never_cache
@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Officers see their organisation's purges and the deployment's; oversight and auditors all."""
    if not may_open(request.user, "retention-report"):
        raise Http404
    purges = Purge.objects.visible_to(request.user).select_related("organisation")
    context = {
        "purges": list(purges[:REPORT_SIZE]),
        "periods": defaults(),
        "everyone": reads_everything(request.user),
    }
    return render(request, "retention/report.html", context)


# Legal holds: set and cleared from the trip's page and the person's page ---------------------


def _change(
    request: HttpRequest, page: str, change: Callable[[], object], done: str
) -> HttpResponse:
    """Make the hold's change and go back to the page saying so; a role that may not is
    refused (403), input or a state that refuses it goes back with the reason."""
    try:
        change()
    except NotAllowed as refusal:
        return render(request, "console/refused.html", {"message": str(refusal)}, status=403)
    except LifecycleError as refusal:
        messages.error(request, _refusal_text(refusal))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(page)


def _refusal_text(refusal: LifecycleError) -> str:
    if isinstance(refusal, InvalidInput):
        return " ".join(str(message) for message in refusal.errors.values())
    return str(refusal)


def _trip(request: HttpRequest, trip_id: int) -> Trip:
    return Trip.objects.get_for(request.user, pk=trip_id)


def _person(request: HttpRequest, user_id: int) -> User:
    person = Person.objects.visible_to(request.user).select_related("user").filter(user_id=user_id)
    found = person.first()
    if found is None:
        raise Http404
    return found.user


@login_required
@require_POST
def hold_trip(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = _trip(request, trip_id)
    return _change(
        request,
        reverse("trip-detail", args=[trip.pk]),
        lambda: holds.set_hold(
            actor=_actor(request),
            trip=trip,
            reason=_reason(request),
            now=timezone.now(),
        ),
        gettext("The trip is under a legal hold: its debrief is kept until the hold is cleared."),
    )


@login_required
@require_POST
def release_trip(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = _trip(request, trip_id)
    return _change(
        request,
        reverse("trip-detail", args=[trip.pk]),
        lambda: _clear(request, holds.active_hold(trip=trip), trip.organisation_id),
        gettext("The legal hold is cleared."),
    )


@login_required
@require_POST
def hold_person(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(request, user_id)
    return _change(
        request,
        reverse("console:person", args=[person.pk]),
        lambda: holds.set_hold(
            actor=_actor(request),
            person=person,
            reason=_reason(request),
            now=timezone.now(),
        ),
        gettext("The person is under a legal hold: their debriefs are kept until it is cleared."),
    )


@login_required
@require_POST
def release_person(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(request, user_id)
    return _change(
        request,
        reverse("console:person", args=[person.pk]),
        lambda: _clear(request, holds.active_hold(person=person), organisation_id_of(person)),
        gettext("The legal hold is cleared."),
    )


def _clear(request: HttpRequest, hold: LegalHold | None, organisation_id: int | None) -> LegalHold:
    actor = _actor(request)
    if not holds.may_hold(actor, organisation_id):
        raise NotAllowed(
            gettext("Only a security officer of this organisation or oversight clears it.")
        )
    if hold is None:
        raise holds.NoHold
    return holds.clear_hold(hold, actor=actor, reason=_reason(request), now=timezone.now())


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def _reason(request: HttpRequest) -> str:
    return str(request.POST.get("reason", ""))
