"""Calendar feeds (iCalendar) behind a secret per-person address: `/feeds/<secret>/trips.ics`.

Calendar programs poll the address without a session, so the secret is the only credential: it
is stored hashed (`sojourn.security.tokens.feed_at`), an unknown or rotated secret is the same 404
as a wrong one, and the feed lists only trips its owner may see (`Trip.objects.visible_to`).

What a feed holds:
- everyone: their own trips as all-day events, departure to return, once reported (submitted:
  tentative; approved and later: confirmed). Drafts, and trips withdrawn, denied or cancelled,
  are not events: the person is not (or no longer) going. Trips that ended more than a year ago
  drop off. Their deadlines too: the report-by date of a draft, the next check-in due while
  abroad (a short timed event in UTC), the debrief due once back;
- a security officer also: the departures and returns of their organisation's other travellers,
  from 30 days back to 365 days ahead, marked free time (someone else's travel);
- oversight also: every organisation's departures in the same window.
Each list holds at most `CAP` trips, the earliest first, so a feed stays a bounded answer.
Auditors get their own trips only: a feed is for duty of care, not for reading the record.
An officer's or oversight's feed names no traveller, no trip title and no destination (a trip is
"trip #12", a person "a traveller") unless its owner chose otherwise on the account page: the
address is a bearer secret that may leak, and it would tell who travels where.

Addresses expire (SOJOURN_FEED_DAYS after they are made); each read records when and from which
address, which the account page shows.

The feed is the same for every poll within five minutes (`Cache-Control: private,
max-age=300`); it shows dates and destinations, never check-in locations, so a poll is not
audited (rotating the address is). A poll that sends back the `ETag` (If-None-Match) or the
`Last-Modified` (If-Modified-Since) it was given is answered 304, without the calendar, while
nothing in it changed; the address keeps the tag and when it changed (FeedSecret).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from sojourn.conf.addresses import base_url, mail_domain
from sojourn.notify.services import language_of
from sojourn.people.access import display_name, person_of, role_of
from sojourn.people.models import Role
from sojourn.people.today import today_for
from sojourn.policy import country_name
from sojourn.security.clients import client_address
from sojourn.security.tokens import PRIVATE_UNLESS_CHOSEN, feed_at, feed_changed_at, touch_feed
from sojourn.trips.models import Trip, TripStatus

S = TripStatus
DTSTAMP = re.compile(rb"^DTSTAMP:[^\r\n]*\r\n", re.MULTILINE)
CONTENT_TYPE = "text/calendar; charset=utf-8"
NOT_FOUND = b"No calendar feed at this address.\n"
CAP = 1000
WINDOW_BEHIND = datetime.timedelta(days=30)
WINDOW_AHEAD = datetime.timedelta(days=365)
OWN_HISTORY = datetime.timedelta(days=365)
CHECKIN_LENGTH = datetime.timedelta(minutes=15)
DAY = datetime.timedelta(days=1)
# Trips that happen (or may: submitted is tentative); the others are not going ahead.
GOING = (S.SUBMITTED, S.APPROVED, S.IN_PROGRESS, S.RETURNED, S.DEBRIEFED, S.CLOSED)


@require_safe
def trips_feed(request: HttpRequest, secret: str) -> HttpResponse:
    now = timezone.now()
    feed = feed_at(secret, now=now)
    if feed is None:
        # The same few bytes for a secret that never existed, was rotated or expired, or whose
        # owner left.
        return HttpResponseNotFound(NOT_FOUND, content_type="text/plain; charset=utf-8")
    touch_feed(feed, now=now, client=client_address(request))
    body = feed_for(feed.user, now=now, base=base_url(request), names=feed.shows_names).to_ical()
    etag = entity_tag(body)
    changed_at = feed_changed_at(feed, etag=etag, now=now)
    response = get_conditional_response(
        request, etag=etag, last_modified=int(changed_at.timestamp())
    ) or HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    response["Cache-Control"] = "private, max-age=300"
    return response


def entity_tag(body: bytes) -> str:
    """A weak entity tag of the calendar: the same for two answers that differ only in their
    DTSTAMP (when the file was made), which says nothing about the trips in it."""
    stable = DTSTAMP.sub(b"", body)
    return f'W/"{hashlib.sha256(stable).hexdigest()[:32]}"'


def feed_for(
    owner: User, *, now: datetime.datetime, base: str | None = None, names: bool = False
) -> Calendar:
    """The owner's calendar, in their preferred language; its links start with `base`. An
    officer's or oversight's names no traveller and no destination unless `names` (their
    choice on the account page): the address may leak, and it would tell who travels where."""
    person = person_of(owner)
    # As their emails: a calendar program has no browser to follow, the language it last asked
    # for is kept.
    language = language_of(owner)
    role = role_of(owner)
    private = role in PRIVATE_UNLESS_CHOSEN and not names
    with translation.override(language):
        feed = _Feed(owner, now=now, language=language, base=base or base_url(), private=private)
        name = _("Sojourn: my trips")
        events = list(feed.own_events())
        if role == Role.OFFICER and person is not None:
            name = _("Sojourn: my trips and the travel of %(organisation)s") % {
                "organisation": person.organisation.name
            }
            events += feed.team_events(returns=True)
        elif role == Role.OVERSIGHT:
            name = _("Sojourn: my trips and every organisation's departures")
            events += feed.team_events(returns=False)
        return _calendar(name, events)


def _calendar(name: str, events: list[Event]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Sojourn//Travel reporting//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add(
        "refresh-interval", datetime.timedelta(minutes=15), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", "PT15M")
    for event in events:
        calendar.add_component(event)
    return calendar


class _Feed:
    """The events of one feed; each list is one query for the trips and one for their legs."""

    def __init__(
        self, owner: User, *, now: datetime.datetime, language: str, base: str, private: bool
    ) -> None:
        self.owner = owner
        self.private = private
        self.now = now
        self.today = today_for(owner, now)
        self.language = language
        self.base = base
        self.host = mail_domain()

    def _trips(self) -> QuerySet[Trip]:
        return (
            Trip.objects.visible_to(self.owner)
            .select_related("traveller", "organisation")
            .prefetch_related("legs")
        )

    # The owner's own trips and deadlines ------------------------------------------------------

    def own_events(self) -> Iterator[Event]:
        trips = (
            self._trips()
            .filter(traveller_id=self.owner.pk)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.today - OWN_HISTORY))
            .order_by("starts_on", "id")[:CAP]
        )
        for trip in trips:
            if trip.status in GOING and trip.starts_on and trip.ends_on:
                yield self._all_day(
                    trip,
                    "",
                    _("Trip: %(title)s") % {"title": self._title(trip)},
                    trip.starts_on,
                    trip.ends_on,
                )
            yield from self._deadlines(trip)

    def _title(self, trip: Trip) -> str:
        """A title often names the place (“Workshop in Berlin”): a private feed says “trip”."""
        return _("trip #%(id)s") % {"id": trip.pk} if self.private else trip.title

    def _deadlines(self, trip: Trip) -> Iterator[Event]:
        title = {"title": self._title(trip)}
        if trip.status == S.DRAFT and trip.report_by:
            summary = _("Report by: %(title)s") % title
            yield self._all_day(trip, "report-by", summary, trip.report_by, trip.report_by)
        if trip.status == S.IN_PROGRESS and trip.checkin_due_at:
            due = trip.checkin_due_at.astimezone(datetime.UTC)
            event = self._event(trip, "checkin", _("Check in: %(title)s") % title, "trip-checkin")
            event.add("dtstart", due)
            event.add("dtend", due + CHECKIN_LENGTH)
            yield event
        if trip.status == S.RETURNED and trip.debrief_due:
            summary = _("Debrief due: %(title)s") % title
            yield self._all_day(
                trip, "debrief", summary, trip.debrief_due, trip.debrief_due, "trip-debrief"
            )

    # Other people's travel ------------------------------------------------------------------------

    def team_events(self, *, returns: bool) -> list[Event]:
        start, end = self.today - WINDOW_BEHIND, self.today + WINDOW_AHEAD
        in_window = Q(starts_on__range=(start, end))
        if returns:
            in_window |= Q(ends_on__range=(start, end))
        trips = (
            self._trips()
            .exclude(traveller_id=self.owner.pk)
            .filter(status__in=GOING)
            .filter(in_window)
            .order_by("starts_on", "id")[:CAP]
        )
        events: list[Event] = []
        for trip in trips:
            if trip.starts_on is None or trip.ends_on is None:
                continue  # a reported trip has legs; a trip without dates has no event
            who = {"name": self._traveller(trip), "title": self._title(trip)}
            if not returns:
                who["name"] = f"{who['name']} ({trip.organisation.name})"
            if start <= trip.starts_on <= end:
                summary = _("Departs: %(name)s, %(title)s") % who
                events.append(self._free(trip, "departure", summary, trip.starts_on))
            if returns and start <= trip.ends_on <= end:
                summary = _("Returns: %(name)s, %(title)s") % who
                events.append(self._free(trip, "return", summary, trip.ends_on))
        return events

    def _traveller(self, trip: Trip) -> str:
        if self.private and trip.traveller_id != self.owner.pk:
            return _("a traveller")
        return display_name(trip.traveller)

    def _free(self, trip: Trip, kind: str, summary: str, day: datetime.date) -> Event:
        event = self._all_day(trip, kind, summary, day, day)
        event.add("transp", "TRANSPARENT")
        return event

    # One event --------------------------------------------------------------------------------

    def _url(self, name: str, trip: Trip) -> str:
        return self.base + reverse(name, args=[trip.pk])

    def _event(self, trip: Trip, kind: str, summary: str, link: str = "trip-detail") -> Event:
        """An event about the trip: a stable UID per trip and kind, so an update replaces it."""
        event = Event()
        suffix = f"-{kind}" if kind else ""
        event.add("uid", f"trip-{trip.pk}{suffix}@{self.host}")
        event.add("dtstamp", self.now.astimezone(datetime.UTC))
        event.add("last-modified", trip.updated_at.astimezone(datetime.UTC))
        event.add("sequence", trip.version)
        event.add("summary", summary)
        event.add("description", self._description(trip))
        event.add("url", self._url(link, trip))
        event.add("status", "TENTATIVE" if trip.status == S.SUBMITTED else "CONFIRMED")
        return event

    def _all_day(
        self,
        trip: Trip,
        kind: str,
        summary: str,
        first: datetime.date,
        last: datetime.date,
        link: str = "trip-detail",
    ) -> Event:
        event = self._event(trip, kind, summary, link)
        event.add("dtstart", first)
        event.add("dtend", last + DAY)  # exclusive: the day after the last
        return event

    def _description(self, trip: Trip) -> str:
        names = dict.fromkeys(country_name(leg.country, self.language) for leg in trip.legs.all())
        lines = [
            self._title(trip),
            _("Traveller: %(name)s") % {"name": self._traveller(trip)},
            _("Status: %(status)s") % {"status": trip.get_status_display()},
        ]
        if names and not self.private:
            lines.append(_("Destinations: %(names)s") % {"names": ", ".join(names)})
        lines.append(self._url("trip-detail", trip))
        return "\n".join(lines)
