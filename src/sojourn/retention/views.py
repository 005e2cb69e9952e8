"""The retention report, and legal holds set and cleared from a trip's page or a person's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
from sojourn.people.access import reads_everything
from sojourn.people.models import Organisation, Person
from sojourn.people.sections import may_open
from sojourn.retention import holds
from sojourn.retention.models import Purge
from sojourn.retention.periods import applied, settings_applied
from sojourn.trips.models import Trip

REPORT_SIZE = 200


@never_cache
@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The periods that apply to each organisation (its pack's where it sets them, else the
    settings) and what was purged when: officers their organisation's and the deployment's,
    oversight and auditors every one."""
    if not may_open(request.user, "retention-report"):
        raise Http404
    now = timezone.now()
    purges = Purge.objects.visible_to(request.user).select_related("organisation")
    organisations = Organisation.objects.visible_to(request.user).order_by("name", "pk")
    context = {
        "purges": list(purges[:REPORT_SIZE]),
        "settings": settings_applied(),
        "organisations": [applied(org, now) for org in organisations[:REPORT_SIZE]],
        "everyone": reads_everything(request.user),
    }
    return render(request, "retention/report.html", context)


# Legal holds: set and cleared from the trip's page and the person's page ---------------------


@dataclass(frozen=True)
class Target:
    """What a hold is on (`trip` or `person`, as the services take it), the page to go back
    to, and what it says once a hold is set."""

    on: dict[str, Any]
    page: str
    held: str


def _target(request: HttpRequest, ids: dict[str, int]) -> Target:
    """The trip or the person the viewer may see (else a 404), as the URL names it: by its
    `trip_id`, or by the person's `user_id`."""
    if "trip_id" in ids:
        trip = Trip.objects.get_for(request.user, pk=ids["trip_id"])
        return Target(
            {"trip": trip},
            reverse("trip-detail", args=[trip.pk]),
            gettext(
                "The trip is under a legal hold: its debrief is kept until the hold is cleared."
            ),
        )
    visible = Person.objects.visible_to(request.user).select_related("user")
    person = visible.filter(user_id=ids["user_id"]).first()
    if person is None:
        raise Http404
    return Target(
        {"person": person.user},
        reverse("console:person", args=[person.user_id]),
        gettext("The person is under a legal hold: their debriefs are kept until it is cleared."),
    )


@login_required
@require_POST
def set_hold(request: HttpRequest, **ids: int) -> HttpResponse:
    target = _target(request, ids)
    return _change(
        request,
        target.page,
        lambda: holds.set_hold(
            actor=_actor(request), reason=_reason(request), now=timezone.now(), **target.on
        ),
        target.held,
    )


@login_required
@require_POST
def clear_hold(request: HttpRequest, **ids: int) -> HttpResponse:
    target = _target(request, ids)
    return _change(
        request,
        target.page,
        lambda: holds.clear_hold_on(
            actor=_actor(request), reason=_reason(request), now=timezone.now(), **target.on
        ),
        gettext("The legal hold is cleared."),
    )


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


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def _reason(request: HttpRequest) -> str:
    return str(request.POST.get("reason", ""))
