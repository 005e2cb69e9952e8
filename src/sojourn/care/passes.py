"""The worker's periodic jobs. Each finds what is due at `now` with an indexed query and does
it a chunk of trips at a time, each chunk one transaction, so that two workers side by side, or a
worker killed mid-pass, never do a unit twice and never leave one half done:

- transitions go through the lifecycle's bulk services, which lock the chunk's trips and leave
  out those whose edge another worker has already taken;
- reminders and escalations are opened once per occurrence: the chunk's trips are locked, what
  is already on record is read again under the locks, and a unique constraint has the last word;
  their notifications and audit events are written in the same transaction;
- outbox rows are claimed with a conditional UPDATE before they are sent.

Every job takes `stop`, checked between chunks, so SIGTERM finishes the chunk in hand and no more.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

from sojourn.care import escalations
from sojourn.care import links as checkin_links
from sojourn.care.escalations import Opening
from sojourn.care.models import Escalation, EscalationKind, Reminder
from sojourn.care.once import insert_new
from sojourn.care.zones import local_date, zone_for
from sojourn.notify.services import Notice, notify_many
from sojourn.notify.texts import Params
from sojourn.people import directory
from sojourn.people.access import display_name
from sojourn.people.today import by_local_date, today_of
from sojourn.trips.models import Trip, TripStatus
from sojourn.trips.services import bulk

S = TripStatus
K = EscalationKind
DAY = datetime.timedelta(days=1)
CHUNK = 500
Stop = Callable[[], bool]


def _never() -> bool:
    return False


T = TypeVar("T")


def _chunks(items: Iterable[T], stop: Stop) -> Iterator[list[T]]:
    """The items CHUNK at a time; none once `stop` says so."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            if stop():
                return
            yield chunk
            chunk = []
    if chunk and not stop():
        yield chunk


Known = Callable[[list[int]], dict[int, set[str]]]


def _chunks_known(
    trips: Iterable[Trip], stop: Stop, known: Known
) -> Iterator[list[tuple[Trip, set[str]]]]:
    """Each chunk of trips with what is already on record for each (reminders sent, escalations
    opened): a pass that finds nothing new costs a query per chunk and takes no lock."""
    for chunk in _chunks(trips, stop):
        on_record = known([trip.pk for trip in chunk])
        yield [(trip, on_record.get(trip.pk, set())) for trip in chunk]


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


def _trips(*conditions: Q, **filters: object) -> Iterator[Trip]:
    query = (
        Trip.objects.filter(*conditions, **filters)
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
    for chunk in _chunks(_trips(status=S.APPROVED, starts_on__lte=now.date() + DAY), stop):
        started += len(bulk.depart_many([t for t in chunk if _leaving(t, now)], now=now))
    return started


def _leaving(trip: Trip, now: datetime.datetime) -> bool:
    legs = sorted(trip.legs.all(), key=lambda leg: (leg.starts_on, leg.position))
    zone = zone_for(legs[0].country, legs[0].city, trip.organisation.time_zone)
    return trip.starts_on is not None and local_date(now, zone) >= trip.starts_on


def end_trips(now: datetime.datetime, stop: Stop = _never) -> int:
    """In progress → returned once the last leg's end date is over, where that leg is."""
    ended = 0
    for chunk in _chunks(_trips(status=S.IN_PROGRESS, ends_on__lt=now.date() + DAY), stop):
        ended += len(bulk.return_home_many([t for t in chunk if _back(t, now)], now=now))
    return ended


def _back(trip: Trip, now: datetime.datetime) -> bool:
    legs = sorted(trip.legs.all(), key=lambda leg: (leg.ends_on, leg.position))
    zone = zone_for(legs[-1].country, legs[-1].city, trip.organisation.time_zone)
    return trip.ends_on is not None and local_date(now, zone) > trip.ends_on


# Reminders ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Due:
    """A reminder to send once: its trip, due date and what it is worded from; a check-in
    reminder carries its links, good `until`, made once its Reminder row has claimed the due
    date."""

    trip: Trip
    reference: str
    params: Params | None = None
    until: datetime.datetime | None = None


def _remind_once(reason: str, due: list[_Due], *, now: datetime.datetime) -> int:
    """Send one reminder per trip, reason and due date, however many passes and workers see it:
    a chunk's reminders in one transaction."""
    if not due:
        return 0
    with transaction.atomic():
        ids = _lock_trips(d.trip.pk for d in due)
        sent = _reminders_sent(reason)(ids)
        fresh = [d for d in due if d.reference not in sent.get(d.trip.pk, set())]
        rows = insert_new(
            [
                Reminder(trip=d.trip, reason=reason, reference=d.reference, sent_at=now)
                for d in fresh
            ]
        )
        claimed = {(row.trip_id, row.reference) for row in rows}
        fresh = [d for d in fresh if (d.trip.pk, d.reference) in claimed]
        notify_many(
            [
                Notice([d.trip.traveller], f"reminder.{reason}", params, d.trip)
                for d, params in zip(fresh, _params(fresh, now=now), strict=True)
            ],
            now=now,
        )
    return len(fresh)


def _params(due: list[_Due], *, now: datetime.datetime) -> list[Params]:
    """What each reminder is worded from; the check-in reminders' links issued together."""
    wanted = [(d.trip, d.until) for d in due if d.until is not None]
    pairs = iter(checkin_links.issue_many(wanted, now=now))
    found: list[Params] = []
    for d in due:
        if d.until is not None:
            found.append(checkin_links.reminder(d.trip, pair=next(pairs)))
        else:
            assert d.params is not None
            found.append(d.params)
    return found


def _lock_trips(ids: Iterable[int]) -> list[int]:
    """Lock the trips' rows in id order (the order every chunk takes them: no deadlock)."""
    wanted = sorted(set(ids))
    locked = Trip.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    return list(locked.values_list("pk", flat=True))


REPORT_REMINDER_DAYS = 3
BRIEFING_REMINDER_DAYS = 7
DEBRIEF_REMINDER_DAYS = 2
CHECKIN_REMINDER_BEFORE = datetime.timedelta(hours=1)


def _within_days(field: str, days: int, now: datetime.datetime) -> Q:
    """`field` falls from the trip's organisation's today to `days` later."""
    return by_local_date(
        now, lambda today: Q(**{f"{field}__gte": today, f"{field}__lte": today + days * DAY})
    )


def remind(now: datetime.datetime, stop: Stop = _never) -> int:
    """The reminders due at `now`; a date falls due by the trip's organisation's calendar."""
    return (
        _remind_report_by(now, stop)
        + _remind_briefing(now, stop)
        + _remind_departure(now, stop)
        + _remind_checkin(now, stop)
        + _remind_debrief(now, stop)
    )


def _remind_on(
    reason: str,
    trips: Iterable[Trip],
    field: str,
    build: Callable[[Trip], Params],
    *,
    now: datetime.datetime,
    stop: Stop,
) -> int:
    """One reminder per trip for the date in `field` (its due date), unless already sent."""
    sent = 0
    for chunk in _chunks_known(trips, stop, _reminders_sent(reason)):
        due = [
            _Due(trip, str(getattr(trip, field)), build(trip))
            for trip, sent_before in chunk
            if str(getattr(trip, field)) not in sent_before
        ]
        sent += _remind_once(reason, due, now=now)
    return sent


def _remind_report_by(now: datetime.datetime, stop: Stop) -> int:
    """A draft (or an accepted invitation's draft) not yet reported as its report-by nears."""
    nearing = _within_days("report_by", REPORT_REMINDER_DAYS, now)
    trips = _trips(nearing, status=S.DRAFT)
    return _remind_on("report_by", trips, "report_by", _report_by_message, now=now, stop=stop)


def _report_by_message(t: Trip) -> Params:
    return {"title": t.title, "date": t.report_by}


def _remind_briefing(now: datetime.datetime, stop: Stop) -> int:
    nearing = _within_days("starts_on", BRIEFING_REMINDER_DAYS, now)
    trips = _trips(
        nearing,
        status__in=[S.SUBMITTED, S.APPROVED],
        briefing_acknowledged_at__isnull=True,
        assessment__briefing_required=True,
    )
    return _remind_on("briefing", trips, "starts_on", _briefing_message, now=now, stop=stop)


def _briefing_message(t: Trip) -> Params:
    return {"title": t.title, "date": t.starts_on}


def _remind_departure(now: datetime.datetime, stop: Stop) -> int:
    trips = _trips(by_local_date(now, lambda today: Q(starts_on=today + DAY)), status=S.APPROVED)
    return _remind_on("departure", trips, "starts_on", _departure_message, now=now, stop=stop)


def _departure_message(t: Trip) -> Params:
    return {"title": t.title, "hours": t.checkin_hours}


def _remind_checkin(now: datetime.datetime, stop: Stop) -> int:
    trips = _trips(
        status=S.IN_PROGRESS,
        checkin_due_at__gt=now,
        checkin_due_at__lte=now + CHECKIN_REMINDER_BEFORE,
    )
    sent = 0
    for chunk in _chunks_known(trips, stop, _reminders_sent("checkin")):
        due = []
        for trip, sent_before in chunk:
            ladder, due_at = _ladder(trip), trip.checkin_due_at
            assert due_at is not None
            if _stamp(due_at) in sent_before:
                continue
            # The one-tap links work until a silence would make the traveller unreachable.
            until = due_at + ladder.grace + ladder.interval if ladder else due_at
            due.append(_Due(trip, _stamp(due_at), until=until))
        sent += _remind_once("checkin", due, now=now)
    return sent


def _remind_debrief(now: datetime.datetime, stop: Stop) -> int:
    nearing = _within_days("debrief_due", DEBRIEF_REMINDER_DAYS, now)
    trips = _trips(nearing, status=S.RETURNED)
    return _remind_on("debrief", trips, "debrief_due", _debrief_message, now=now, stop=stop)


def _debrief_message(t: Trip) -> Params:
    return {"title": t.title, "date": t.debrief_due}


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
    for chunk in _chunks_known(trips, stop, known):
        openings: list[Opening] = []
        for trip, on_record in chunk:
            ladder, due = _ladder(trip), trip.checkin_due_at
            if ladder is None or due is None:
                continue
            reference = _stamp(due)
            if now > due + ladder.grace and f"{K.MISSED_CHECKIN}|{reference}" not in on_record:
                openings.append(
                    Opening(
                        trip,
                        K.MISSED_CHECKIN,
                        reference,
                        recipients=people.officers(trip.organisation_id),
                        data={"due": reference},
                        params=_missed_message(trip),
                    )
                )
            late = now > due + ladder.interval + ladder.grace
            if late and f"{K.UNREACHABLE}|{reference}" not in on_record:
                openings.append(
                    Opening(
                        trip,
                        K.UNREACHABLE,
                        reference,
                        urgent=True,
                        recipients=[*people.officers(trip.organisation_id), *people.oversight()],
                        data={"due": reference},
                        params=_unreachable_message(trip),
                    )
                )
        opened += len(escalations.open_many(openings, now=now))
    return opened


def _missed_message(t: Trip) -> Params:
    return {
        "traveller": display_name(t.traveller),
        "time": _hhmm(t.checkin_due_at),
        "title": t.title,
    }


def _unreachable_message(t: Trip) -> Params:
    return _missed_message(t)


def escalate_debriefs(now: datetime.datetime, stop: Stop = _never) -> int:
    """An overdue debrief alerts the officer, and oversight after a further interval."""
    opened = 0
    people = _Recipients()
    trips = _trips(by_local_date(now, lambda today: Q(debrief_due__lt=today)), status=S.RETURNED)
    known = _escalations_opened(K.DEBRIEF_OVERDUE, K.DEBRIEF_OVERDUE_OVERSIGHT)
    for chunk in _chunks_known(trips, stop, known):
        openings: list[Opening] = []
        for trip, on_record in chunk:
            assert trip.debrief_due is not None
            reference = trip.debrief_due.isoformat()
            days = (trip.assessment or {}).get("debrief_oversight_after_days", 5)
            to_oversight = today_of(trip.organisation, now) > trip.debrief_due + days * DAY
            if f"{K.DEBRIEF_OVERDUE}|{reference}" not in on_record:
                openings.append(
                    Opening(
                        trip,
                        K.DEBRIEF_OVERDUE,
                        reference,
                        recipients=[*people.officers(trip.organisation_id), trip.traveller],
                        params=_debrief_overdue_message(trip),
                    )
                )
            if to_oversight and f"{K.DEBRIEF_OVERDUE_OVERSIGHT}|{reference}" not in on_record:
                openings.append(
                    Opening(
                        trip,
                        K.DEBRIEF_OVERDUE_OVERSIGHT,
                        reference,
                        recipients=people.oversight(),
                        params=_debrief_long_overdue_message(trip),
                    )
                )
        opened += len(escalations.open_many(openings, now=now))
    return opened


def _debrief_overdue_message(t: Trip) -> Params:
    return {"title": t.title, "traveller": display_name(t.traveller), "date": t.debrief_due}


def _debrief_long_overdue_message(t: Trip) -> Params:
    return {**_debrief_overdue_message(t), "organisation": t.organisation.name}


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
        .select_related("trip__traveller__person", "trip__organisation")
        .order_by("pk")
    )
    for chunk in _chunks(overdue.iterator(chunk_size=CHUNK), stop):
        openings = [
            Opening(
                escalation.trip,
                K.LATE_REPORT_OVERDUE,
                str(escalation.pk),
                recipients=[
                    *people.oversight(),
                    *people.officers(escalation.trip.organisation_id),
                ],
                data={"escalation_id": escalation.pk},
                params=_follow_up_overdue_message(escalation.trip),
            )
            for escalation in chunk
        ]
        opened += len(escalations.open_many(openings, now=now))
    return opened


def _follow_up_overdue_message(t: Trip) -> Params:
    return {"title": t.title, "traveller": display_name(t.traveller)}
