"""The worker's reminders (see `passes`): one per trip, reason and due date, however many
passes and workers see it, a chunk's reminders in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from sojourn.care import links as checkin_links
from sojourn.care.models import Reminder
from sojourn.care.once import insert_new
from sojourn.care.passes import (
    DAY,
    S,
    Stop,
    _chunks_known,
    _ladder,
    _never,
    _reminders_sent,
    _stamp,
    _trips,
)
from sojourn.notify.services import Notice, notify_many
from sojourn.notify.texts import Params
from sojourn.people.today import by_local_date
from sojourn.trips.models import Trip


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
