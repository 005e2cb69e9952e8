"""The web's "Export CSV" links: every list of trips a page shows, downloaded whole.

One address, `/exports/trips.csv?scope=<list>&<the page's filters>`. Each scope names the page it
mirrors, who may open that page (the same roles, refused the same way), and the query the page
lists, built by the page's own selectors and filter forms, so the file holds exactly what the
page lists, on every page of it, and nothing the person may not see.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sojourn.console.forms import QueueFilterForm
from sojourn.console.selectors import people, review, watch
from sojourn.people.access import role_of
from sojourn.people.models import Role
from sojourn.people.today import today_for
from sojourn.security.reauth import recent_authentication_required
from sojourn.trips.export import csv_response
from sojourn.trips.models import Trip, TripStatus

S = TripStatus
EVERY_ROLE = frozenset({Role.TRAVELLER, Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR})
# The console's roles: those who decide trips, and those who read the console's pages.
DECIDERS = frozenset({Role.OFFICER, Role.OVERSIGHT})
READERS = DECIDERS | {Role.AUDITOR}

Filters = dict[str, str]
Select = Callable[[HttpRequest, User, datetime.date], tuple[QuerySet[Trip], Filters]]


@dataclass(frozen=True)
class Scope:
    roles: frozenset[Role]
    select: Select


def _mine(request: HttpRequest, user: User, today: datetime.date) -> tuple[QuerySet[Trip], Filters]:
    """The traveller's home: "My trips", every state."""
    trips = Trip.objects.visible_to(user).filter(traveller_id=user.pk)
    return trips.order_by("starts_on", "id"), {}


def _review(
    request: HttpRequest, user: User, today: datetime.date
) -> tuple[QuerySet[Trip], Filters]:
    """The review queue (oversight: final approvals) with its filters, parsed as the page does:
    a value that does not parse is dropped, an unknown one matches nothing."""
    form = QueueFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    filters = review.QueueFilters(
        tier=data.get("tier") or "",
        route=data.get("route") or "",
        finding=data.get("finding") or "",
        traveller_id=data.get("traveller_id"),
    )
    # Findings live in the assessment's JSON, so the queue filters its keys in Python.
    matching = [key.pk for key in review.queue_keys(user) if filters.admits(key)]
    trips = (
        review.awaiting_decision(user)
        .filter(pk__in=matching)
        # The queue's order: the earliest departure first, then the riskiest.
        .order_by(F("starts_on").asc(nulls_last=True), F("risk_score").desc(nulls_last=True), "id")
    )
    applied = {
        "tier": filters.tier,
        "route": filters.route,
        "finding": filters.finding,
        "traveller_id": "" if filters.traveller_id is None else str(filters.traveller_id),
    }
    return trips, {name: value for name, value in applied.items() if value}


def _person(
    request: HttpRequest, user: User, today: datetime.date
) -> tuple[QuerySet[Trip], Filters]:
    """A person's record in the console: their trips but drafts, the latest first."""
    raw = request.GET.get("person_id", "")
    if not (raw.isdecimal() and len(raw) < 19):  # an id the database can hold
        raise Http404("No person matches.")
    person = people.person_for(user, int(raw))
    trips = (
        Trip.objects.visible_to(user)
        .filter(traveller_id=person.user_id)
        .exclude(status=S.DRAFT)
        .order_by("-starts_on", "-id")
    )
    return trips, {"person_id": str(person.user_id)}


def _abroad(
    request: HttpRequest, user: User, today: datetime.date
) -> tuple[QuerySet[Trip], Filters]:
    return watch.abroad(user), {}


def _debriefs_owed(
    request: HttpRequest, user: User, today: datetime.date
) -> tuple[QuerySet[Trip], Filters]:
    return watch.debriefs_owed(user), {}


def _late(request: HttpRequest, user: User, today: datetime.date) -> tuple[QuerySet[Trip], Filters]:
    return watch.late_reports(user), {}


def _debriefs(
    request: HttpRequest, user: User, today: datetime.date
) -> tuple[QuerySet[Trip], Filters]:
    """The debrief queue's "To review": trips whose debrief is filed, the oldest filing first."""
    trips = Trip.objects.visible_to(user).filter(status=S.DEBRIEFED, debrief__isnull=False)
    return trips.order_by("debrief__submitted_at", "id"), {}


def _all(request: HttpRequest, user: User, today: datetime.date) -> tuple[QuerySet[Trip], Filters]:
    """Every trip the viewer may see (the auditor's trips by status), optionally of one status;
    an unknown status matches nothing."""
    trips = Trip.objects.visible_to(user)
    status = request.GET.get("status", "")[:16]
    if status and status not in S.values:
        # Matches nothing; recorded as asked, minus what no database can store.
        return trips.none(), {"status": status.replace("\x00", "")}
    if status:
        trips = trips.filter(status=status)
    return trips.order_by("-starts_on", "-id"), ({"status": status} if status else {})


SCOPES: dict[str, Scope] = {
    "mine": Scope(EVERY_ROLE, _mine),
    "review": Scope(DECIDERS, _review),
    "person": Scope(READERS, _person),
    "abroad": Scope(READERS, _abroad),
    "debriefs-owed": Scope(READERS, _debriefs_owed),
    "late": Scope(READERS, _late),
    "debriefs": Scope(READERS, _debriefs),
    "all": Scope(READERS, _all),
}


@never_cache
@login_required
@require_GET
@recent_authentication_required
def trips_csv(request: HttpRequest) -> StreamingHttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    name = request.GET.get("scope", "")
    scope = SCOPES.get(name)
    if scope is None:
        raise Http404("No such list of trips.")
    now = timezone.now()
    today = today_for(user, now)
    # The list's own lookups run first: a person the viewer may not see is a 404 for every role.
    trips, filters = scope.select(request, user, today)
    if role_of(user) not in scope.roles:
        raise PermissionDenied
    return csv_response(
        trips,
        filename=f"sojourn-trips-{name}-{today.isoformat()}.csv",
        language=translation.get_language() or "en",
        actor=user,
        filters={"scope": name, **filters},
        now=now,
    )
