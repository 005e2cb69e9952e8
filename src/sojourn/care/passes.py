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

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
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


Known = Callable[[list[int]], dict[int, set[str]]]


def _each_known(trips: Iterable[Trip], stop: Stop, known: Known) -> Iterator[tuple[Trip, set[str]]]:
    """Each trip with what is already on record for it (reminders sent, escalations opened),
    read a chunk at a time: a pass that finds nothing new costs a query per chunk, not an
    attempted insert per trip."""
    chunk: list[Trip] = []
    for trip in trips:
        chunk.append(trip)
        if len(chunk) == CHUNK:
            yield from _with_known(chunk, stop, known)
            chunk = []
    yield from _with_known(chunk, stop, known)


def _with_known(chunk: list[Trip], stop: Stop, known: Known) -> Iterator[tuple[Trip, set[str]]]:
    if not chunk:
        return
    on_record = known([trip.pk for trip in chunk])
    for trip in chunk:
        if stop():
            return
        yield trip, on_record.get(trip.pk, set())


def _reminders_sent(reason: str) -> Known:
    def load(ids: list[int]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        rows = Reminder.objects.filter(trip_id__in=ids, reason=reason)
        for trip_id, reference in rows.values_list("trip_id", "reference"):
            found.setdefault(trip_id, set()).add(reference)
        return found

    return load


def _escalations_opened(*kinds: EscalationKind) -> Known:
    def load(ids: list[int]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        rows = Escalation.objects.filter(trip_id__in=ids, kind__in=list(kinds))
        for trip_id, kind, reference in rows.values_list("trip_id", "kind", "reference"):
            found.setdefault(trip_id, set()).add(f"{kind}|{reference}")
        return found

    return load


class _Recipients:
    """Who to tell, looked up once per organisation in a pass rather than once per trip."""

    def __init__(self) -> None:
        self._officers: dict[int, list[User]] = {}
        self._oversight: list[User] | None = None

    def officers(self, organisation_id: int) -> list[User]:
        if organisation_id not in self._officers:
            self._officers[organisation_id] = directory.officers_of(organisation_id)
        return self._officers[organisation_id]

    def oversight(self) -> list[User]:
        if self._oversight is None:
            self._oversight = directory.oversight()
        return self._oversight


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
    for trip, sent_before in _each_known(
        _trips(status=S.DRAFT, report_by__gte=today, report_by__lte=horizon),
        stop,
        _reminders_sent("report_by"),
    ):
        if str(trip.report_by) in sent_before:
            continue
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
    for trip, sent_before in _each_known(trips, stop, _reminders_sent("briefing")):
        if str(trip.starts_on) in sent_before:
            continue
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
    for trip, sent_before in _each_known(
        _trips(status=S.APPROVED, starts_on=today + DAY), stop, _reminders_sent("departure")
    ):
        if str(trip.starts_on) in sent_before:
            continue
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
    for trip, sent_before in _each_known(trips, stop, _reminders_sent("checkin")):
        ladder, due = _ladder(trip), trip.checkin_due_at
        assert due is not None
        if _stamp(due) in sent_before:
            continue
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
    trips = _trips(status=S.RETURNED, debrief_due__gte=today, debrief_due__lte=horizon)
    for trip, sent_before in _each_known(trips, stop, _reminders_sent("debrief")):
        if str(trip.debrief_due) in sent_before:
            continue
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
    people = _Recipients()
    trips = _trips(status=S.IN_PROGRESS, checkin_due_at__lt=now)
    known = _escalations_opened(K.MISSED_CHECKIN, K.UNREACHABLE)
    for trip, on_record in _each_known(trips, stop, known):
        ladder, due = _ladder(trip), trip.checkin_due_at
        if ladder is None or due is None:
            continue
        reference = _stamp(due)
        if now > due + ladder.grace and f"{K.MISSED_CHECKIN}|{reference}" not in on_record:
            opened += _opened(
                escalations.open_once(
                    trip,
                    K.MISSED_CHECKIN,
                    reference,
                    now=now,
                    recipients=people.officers(trip.organisation_id),
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
        late = now > due + ladder.interval + ladder.grace
        if late and f"{K.UNREACHABLE}|{reference}" not in on_record:
            opened += _opened(
                escalations.open_once(
                    trip,
                    K.UNREACHABLE,
                    reference,
                    now=now,
                    urgent=True,
                    recipients=[*people.officers(trip.organisation_id), *people.oversight()],
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
    people = _Recipients()
    trips = _trips(status=S.RETURNED, debrief_due__lt=today)
    known = _escalations_opened(K.DEBRIEF_OVERDUE, K.DEBRIEF_OVERDUE_OVERSIGHT)
    for trip, on_record in _each_known(trips, stop, known):
        assert trip.debrief_due is not None
        reference = trip.debrief_due.isoformat()
        days = (trip.assessment or {}).get("debrief_oversight_after_days", 5)
        to_oversight = today > trip.debrief_due + days * DAY
        if f"{K.DEBRIEF_OVERDUE}|{reference}" in on_record and (
            not to_oversight or f"{K.DEBRIEF_OVERDUE_OVERSIGHT}|{reference}" in on_record
        ):
            continue
        opened += _opened(
            escalations.open_once(
                trip,
                K.DEBRIEF_OVERDUE,
                reference,
                now=now,
                recipients=[*people.officers(trip.organisation_id), trip.traveller],
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
        if to_oversight:
            opened += _opened(
                escalations.open_once(
                    trip,
                    K.DEBRIEF_OVERDUE_OVERSIGHT,
                    reference,
                    now=now,
                    recipients=people.oversight(),
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
    people = _Recipients()
    escalated = Escalation.objects.filter(
        trip=OuterRef("trip"),
        kind=K.LATE_REPORT_OVERDUE,
        reference=Cast(OuterRef("pk"), output_field=CharField()),
    )
    overdue = (
        Escalation.objects.open()
        .filter(kind=K.LATE_REPORT, due_at__lt=now)
        .exclude(Exists(escalated))
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
                recipients=[*people.oversight(), *people.officers(trip.organisation_id)],
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
