"""The worker's periodic jobs. Each finds what is due at `now` with an indexed query and handles
each unit so that two workers side by side, or a worker killed mid-pass, never do it twice:

- transitions go through the lifecycle services, which lock the trip and refuse an edge that
  another worker has already taken;
- reminders and escalations are opened once per occurrence by a unique constraint, in the same
  transaction as their notifications and audit events;
- outbox rows are claimed with a conditional UPDATE before they are sent.

Every job takes `stop`, checked between units, so SIGTERM finishes the unit in hand and no more.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sojourn.care import escalations
from sojourn.care import links as checkin_links
from sojourn.care.models import Escalation, EscalationKind, Reminder
from sojourn.care.zones import local_date, zone_for
from sojourn.notify.services import Message, notify
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.trips import services as lifecycle
from sojourn.trips.errors import LifecycleError
from sojourn.trips.models import Trip, TripStatus

S = TripStatus
K = EscalationKind
DAY = datetime.timedelta(days=1)
CHUNK = 500
Stop = Callable[[], bool]


def _never() -> bool:
    return False


def _each(trips: Iterable[Trip], stop: Stop) -> Iterator[Trip]:
    for trip in trips:
        if stop():
            return
        yield trip


def _trips(**filters: object) -> Iterator[Trip]:
    query = (
        Trip.objects.filter(**filters)
        .select_related("traveller__person", "organisation")
        .prefetch_related("legs")
        .order_by("pk")
    )
    return query.iterator(chunk_size=CHUNK)


# Transitions --------------------------------------------------------------------------------


def start_trips(now: datetime.datetime, stop: Stop = _never) -> int:
    """Approved → in progress on the first leg's start date, where that leg is."""
    started = 0
    # A day's margin: somewhere east of UTC it may already be tomorrow.
    for trip in _each(_trips(status=S.APPROVED, starts_on__lte=now.date() + DAY), stop):
        legs = sorted(trip.legs.all(), key=lambda leg: (leg.start_date, leg.position))
        zone = zone_for(legs[0].country, legs[0].city, trip.organisation.time_zone)
        if trip.starts_on is None or local_date(now, zone) < trip.starts_on:
            continue
        started += _transition(lifecycle.depart, trip, now)
    return started


def end_trips(now: datetime.datetime, stop: Stop = _never) -> int:
    """In progress → returned once the last leg's end date is over, where that leg is."""
    ended = 0
    for trip in _each(_trips(status=S.IN_PROGRESS, ends_on__lt=now.date() + DAY), stop):
        legs = sorted(trip.legs.all(), key=lambda leg: (leg.end_date, leg.position))
        zone = zone_for(legs[-1].country, legs[-1].city, trip.organisation.time_zone)
        if trip.ends_on is None or local_date(now, zone) <= trip.ends_on:
            continue
        ended += _transition(lifecycle.return_home, trip, now)
    return ended


def _transition(service: Callable[..., Trip], trip: Trip, now: datetime.datetime) -> int:
    try:
        service(trip, actor=None, now=now)
    except LifecycleError:
        return 0  # another worker (or the traveller) took this edge first
    return 1


# Reminders ----------------------------------------------------------------------------------


def _remind_once(
    trip: Trip, reason: str, reference: str, *, now: datetime.datetime, message: Message
) -> int:
    """Send one reminder per trip, reason and due date, however many passes see it."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Reminder.objects.create(trip=trip, reason=reason, reference=reference, sent_at=now)
        except IntegrityError:
            return 0
        notify([trip.traveller], kind=f"reminder.{reason}", trip=trip, now=now, message=message)
    return 1


REPORT_REMINDER_DAYS = 3
BRIEFING_REMINDER_DAYS = 7
DEBRIEF_REMINDER_DAYS = 2
CHECKIN_REMINDER_BEFORE = datetime.timedelta(hours=1)


def remind(now: datetime.datetime, stop: Stop = _never) -> int:
    today = now.date()
    return (
        _remind_report_by(today, now, stop)
        + _remind_briefing(today, now, stop)
        + _remind_departure(today, now, stop)
        + _remind_checkin(now, stop)
        + _remind_debrief(today, now, stop)
    )


def _remind_report_by(today: datetime.date, now: datetime.datetime, stop: Stop) -> int:
    """A draft (or an accepted invitation's draft) not yet reported as its report-by nears."""
    horizon = today + REPORT_REMINDER_DAYS * DAY
    sent = 0
    for trip in _each(_trips(status=S.DRAFT, report_by__gte=today, report_by__lte=horizon), stop):
        sent += _remind_once(
            trip,
            "report_by",
            str(trip.report_by),
            now=now,
            message=_bound(
                trip,
                lambda t: (
                    _("Report your trip by %(date)s: %(title)s")
                    % {"date": t.report_by, "title": t.title},
                    _(
                        "The policy asks for this trip to be reported by %(date)s. "
                        "Submit it now to avoid a late report."
                    )
                    % {"date": t.report_by},
                ),
            ),
        )
    return sent


def _remind_briefing(today: datetime.date, now: datetime.datetime, stop: Stop) -> int:
    horizon = today + BRIEFING_REMINDER_DAYS * DAY
    sent = 0
    trips = _trips(
        status__in=[S.SUBMITTED, S.APPROVED],
        starts_on__gte=today,
        starts_on__lte=horizon,
        briefing_acknowledged_at__isnull=True,
        assessment__briefing_required=True,
    )
    for trip in _each(trips, stop):
        sent += _remind_once(
            trip,
            "briefing",
            str(trip.starts_on),
            now=now,
            message=_bound(
                trip,
                lambda t: (
                    _("Read your pre-travel briefing: %(title)s") % {"title": t.title},
                    _("You leave on %(date)s. Read the briefing and acknowledge it before you go.")
                    % {"date": t.starts_on},
                ),
            ),
        )
    return sent


def _remind_departure(today: datetime.date, now: datetime.datetime, stop: Stop) -> int:
    sent = 0
    for trip in _each(_trips(status=S.APPROVED, starts_on=today + DAY), stop):
        sent += _remind_once(
            trip,
            "departure",
            str(trip.starts_on),
            now=now,
            message=_bound(
                trip,
                lambda t: (
                    _("You leave tomorrow: %(title)s") % {"title": t.title},
                    _("Check in every %(hours)s hours while you are away.")
                    % {"hours": t.checkin_hours}
                    if t.checkin_hours
                    else _("Safe travels."),
                ),
            ),
        )
    return sent


def _remind_checkin(now: datetime.datetime, stop: Stop) -> int:
    sent = 0
    trips = _trips(
        status=S.IN_PROGRESS,
        checkin_due_at__gt=now,
        checkin_due_at__lte=now + CHECKIN_REMINDER_BEFORE,
    )
    for trip in _each(trips, stop):
        ladder, due = _ladder(trip), trip.checkin_due_at
        assert due is not None
        # The one-tap links work until a silence would make the traveller unreachable.
        until = due + ladder.grace + ladder.interval if ladder else due
        sent += _remind_once(
            trip,
            "checkin",
            _stamp(due),
            now=now,
            message=checkin_links.reminder(trip, now=now, until=until),
        )
    return sent


def _remind_debrief(today: datetime.date, now: datetime.datetime, stop: Stop) -> int:
    horizon = today + DEBRIEF_REMINDER_DAYS * DAY
    sent = 0
    for trip in _each(
        _trips(status=S.RETURNED, debrief_due__gte=today, debrief_due__lte=horizon), stop
    ):
        sent += _remind_once(
            trip,
            "debrief",
            str(trip.debrief_due),
            now=now,
            message=_bound(
                trip,
                lambda t: (
                    _("Your debrief is due by %(date)s: %(title)s")
                    % {"date": t.debrief_due, "title": t.title},
                    _("File your debrief of activities and meetings by %(date)s.")
                    % {"date": t.debrief_due},
                ),
            ),
        )
    return sent


def _stamp(moment: datetime.datetime | None) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="minutes") if moment else ""


def _hhmm(moment: datetime.datetime | None) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M") if moment else "—"


# Escalations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ladder:
    grace: datetime.timedelta
    interval: datetime.timedelta


def _ladder(trip: Trip) -> Ladder | None:
    if not trip.checkin_hours:
        return None
    grace = (trip.assessment or {}).get("checkin_grace_hours", 2)
    return Ladder(datetime.timedelta(hours=grace), datetime.timedelta(hours=trip.checkin_hours))


def escalate_checkins(now: datetime.datetime, stop: Stop = _never) -> int:
    """A missed check-in alerts the officers; a second missed interval alerts oversight and
    marks the traveller unreachable."""
    opened = 0
    for trip in _each(_trips(status=S.IN_PROGRESS, checkin_due_at__lt=now), stop):
        ladder, due = _ladder(trip), trip.checkin_due_at
        if ladder is None or due is None:
            continue
        reference = _stamp(due)
        if now > due + ladder.grace:
            opened += _opened(
                escalations.open_once(
                    trip,
                    K.MISSED_CHECKIN,
                    reference,
                    now=now,
                    recipients=directory.officers_of(trip.organisation_id),
                    data={"due": reference},
                    message=_bound(
                        trip,
                        lambda t: (
                            _("Check-in missed: %(traveller)s")
                            % {"traveller": display_name(t.traveller)},
                            _("No check-in since it fell due at %(time)s (UTC) on %(title)s.")
                            % {"time": _hhmm(t.checkin_due_at), "title": t.title},
                        ),
                    ),
                )
            )
        if now > due + ladder.interval + ladder.grace:
            opened += _opened(
                escalations.open_once(
                    trip,
                    K.UNREACHABLE,
                    reference,
                    now=now,
                    urgent=True,
                    recipients=[
                        *directory.officers_of(trip.organisation_id),
                        *directory.oversight(),
                    ],
                    data={"due": reference},
                    message=_bound(
                        trip,
                        lambda t: (
                            _("UNREACHABLE: %(traveller)s")
                            % {"traveller": display_name(t.traveller)},
                            _(
                                "Two check-in intervals have passed without a word since "
                                "%(time)s (UTC) on %(title)s. Try the emergency contact."
                            )
                            % {"time": _hhmm(t.checkin_due_at), "title": t.title},
                        ),
                    ),
                )
            )
    return opened


def escalate_debriefs(now: datetime.datetime, stop: Stop = _never) -> int:
    """An overdue debrief alerts the officer, and oversight after a further interval."""
    today = now.date()
    opened = 0
    for trip in _each(_trips(status=S.RETURNED, debrief_due__lt=today), stop):
        assert trip.debrief_due is not None
        reference = trip.debrief_due.isoformat()
        opened += _opened(
            escalations.open_once(
                trip,
                K.DEBRIEF_OVERDUE,
                reference,
                now=now,
                recipients=[*directory.officers_of(trip.organisation_id), trip.traveller],
                message=_bound(
                    trip,
                    lambda t: (
                        _("Debrief overdue: %(title)s") % {"title": t.title},
                        _("%(traveller)s's debrief was due on %(date)s.")
                        % {"traveller": display_name(t.traveller), "date": t.debrief_due},
                    ),
                ),
            )
        )
        days = (trip.assessment or {}).get("debrief_oversight_after_days", 5)
        if today > trip.debrief_due + days * DAY:
            opened += _opened(
                escalations.open_once(
                    trip,
                    K.DEBRIEF_OVERDUE_OVERSIGHT,
                    reference,
                    now=now,
                    recipients=directory.oversight(),
                    message=_bound(
                        trip,
                        lambda t: (
                            _("Debrief long overdue: %(title)s") % {"title": t.title},
                            _(
                                "%(traveller)s (%(organisation)s) has not filed a debrief "
                                "due on %(date)s."
                            )
                            % {
                                "traveller": display_name(t.traveller),
                                "organisation": t.organisation.name,
                                "date": t.debrief_due,
                            },
                        ),
                    ),
                )
            )
    return opened


def escalate_late_reports(now: datetime.datetime, stop: Stop = _never) -> int:
    """A late report's follow-up not done by its deadline goes to oversight."""
    opened = 0
    overdue = (
        Escalation.objects.open()
        .filter(kind=K.LATE_REPORT, due_at__lt=now)
        .select_related("trip__traveller", "trip__organisation")
        .order_by("pk")
    )
    for escalation in overdue.iterator(chunk_size=CHUNK):
        if stop():
            break
        trip = escalation.trip
        opened += _opened(
            escalations.open_once(
                trip,
                K.LATE_REPORT_OVERDUE,
                str(escalation.pk),
                now=now,
                recipients=[*directory.oversight(), *directory.officers_of(trip.organisation_id)],
                data={"follow_up": escalation.pk},
                message=_bound(
                    trip,
                    lambda t: (
                        _("Late-report follow-up overdue: %(title)s") % {"title": t.title},
                        _("No officer has followed up the late report of %(traveller)s's trip.")
                        % {"traveller": display_name(t.traveller)},
                    ),
                ),
            )
        )
    return opened


def _bound(trip: Trip, build: Callable[[Trip], tuple[str, str]]) -> Message:
    """A message about this trip, built later in each recipient's language."""
    return lambda: build(trip)


def _opened(escalation: Escalation | None) -> int:
    return 0 if escalation is None else 1
