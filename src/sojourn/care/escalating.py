"""The worker's escalations (see `passes`): a missed check-in, an unreachable traveller, an
overdue debrief, a late report's follow-up overdue; each opened once per occurrence."""

from __future__ import annotations

import datetime

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

from sojourn.care import escalations
from sojourn.care.escalations import Opening
from sojourn.care.models import Escalation
from sojourn.care.passes import (
    CHUNK,
    DAY,
    K,
    S,
    Stop,
    _chunks,
    _chunks_known,
    _escalations_opened,
    _hhmm,
    _ladder,
    _never,
    _Recipients,
    _stamp,
    _trips,
)
from sojourn.notify.texts import Params
from sojourn.people.access import display_name
from sojourn.people.today import by_local_date, today_of
from sojourn.trips.models import Trip


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
