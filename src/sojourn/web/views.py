"""The web pages: each view reads its input, calls a selector and renders. Nothing here writes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache

from sojourn.audit import services as audit
from sojourn.notify import reads
from sojourn.notify import services as notify_services
from sojourn.people.access import AnyUser, role_of
from sojourn.people.models import Role
from sojourn.people.today import today_for, today_of
from sojourn.retention import holds
from sojourn.trips import edges, permissions
from sojourn.trips.models import Trip, TripStatus
from sojourn.web import home_selectors, inbox_selectors, trip_selectors

# Who reads a filed debrief in the console (its review page), besides the traveller.
DEBRIEF_READERS = frozenset({Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR})
DEBRIEF_FILED = frozenset({TripStatus.DEBRIEFED, TripStatus.CLOSED})
# The actions the trip page offers its traveller, each shown when the edge table allows it.
TRAVELLER_ACTIONS = frozenset(
    {
        "edit",
        "submit",
        "withdraw",
        "acknowledge_briefing",
        "check_in",
        "report_deviation",
        "write_debrief",
    }
)


@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    if role is None:
        return render(request, "web/home/no_role.html")
    select = home_selectors.HOME_SELECTORS.get(role)
    now = timezone.now()
    today = today_for(request.user, now)
    data = select(request.user, now) if select is not None else None
    return render(request, f"web/home/{role.value}.html", {"home": data, "today": today})


@never_cache
@login_required
def trip_detail(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = Trip.objects.select_related("traveller", "organisation").get_for(
        request.user, pk=trip_id
    )
    page = trip_selectors.trip_page(request.user, trip)
    # Where the traveller checked in from is for the duty-of-care roles only; each of their
    # looks is audited.
    locations = permissions.sees_locations(request.user, trip)  # type: ignore[arg-type]
    if locations and (page.checkins or page.escalations):
        audit.record_read(
            actor=request.user,  # type: ignore[arg-type]
            obj=trip,
            owner_id=trip.traveller_id,
            what="locations",
            at=timezone.now(),
        )
    context = {
        "page": page,
        "trip": trip,
        "today": today_of(trip.organisation, timezone.now()),
        "reads_debrief": _reads_filed_debrief(request.user, trip),
        "may": _traveller_may(request.user, trip),
        "reads_own_debrief": request.user.pk == trip.traveller_id and trip.status in DEBRIEF_FILED,
        "sees_locations": locations,
        "holds_panel": holds.panel(request.user, trip=trip),  # type: ignore[arg-type]
    }
    return render(request, "web/trip_detail.html", context)


def _traveller_may(user: AnyUser, trip: Trip) -> frozenset[str]:
    """The actions the page offers this viewer: the traveller's, as far as the trip's state
    allows them (the edge table); none for anyone else."""
    if user.pk != trip.traveller_id:
        return frozenset()
    return edges.allowed(trip.status) & TRAVELLER_ACTIONS


def _reads_filed_debrief(user: AnyUser, trip: Trip) -> bool:
    """A reader other than the traveller is shown the way to the debrief once it is filed."""
    return (
        trip.status in DEBRIEF_FILED
        and trip.traveller_id != user.pk
        and role_of(user) in DEBRIEF_READERS
    )


@never_cache
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = inbox_selectors.inbox(request.user)
    now = timezone.now()
    # A need-help notice names where the traveller is: reading it is audited as a location read.
    reads.record_location_reads(notifications, reader=request.user, via="inbox", now=now)  # type: ignore[arg-type]
    # Shown as new this once, then read: the next visit shows them without the badge.
    response = render(request, "web/inbox.html", {"notifications": notifications})
    notify_services.mark_read(notifications, now=now)
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico where a page names no icon (a feed, a JSON answer): send
    them to the vendored icon. Its address is read per request, since the static manifest that
    names it exists only once `collectstatic` has run."""
    return HttpResponsePermanentRedirect(static("sojourn/img/favicon.svg"))
