"""A trip's whole life, simulated an hour at a time with the worker's clock: every reminder and
escalation comes once, in order, and resolves when its cause does."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from sojourn.care.models import Escalation
from sojourn.care.services import check_in
from sojourn.care.worker import run_pass
from sojourn.debriefs import filing
from sojourn.debriefs.services import save_draft
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.models import Trip, TripStatus

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def simulate(
    start: datetime.datetime,
    days: int,
    script: dict[datetime.datetime, Callable[[datetime.datetime], object]],
) -> None:
    """Run a worker pass every hour; at the scripted hours, act first (as people would)."""
    moment = start
    while moment < start + days * DAY:
        if moment in script:
            script[moment](moment)
        run_pass(moment)
        moment += HOUR


def told(kind_prefix: str) -> list[tuple[str, str]]:
    return [
        (n.kind, n.recipient.username)
        for n in Notification.objects.filter(kind__startswith=kind_prefix, channel="in_app")
        .select_related("recipient")
        .order_by("created_at", "pk")
    ]


def test_a_trip_lives_its_whole_life_under_the_worker(cast, now, settings):
    """GIVEN a draft for a week in Berlin two weeks ahead, reported in time, approved
    WHEN the worker runs every hour for six weeks while the traveller checks in once, falls
    silent for two days, then checks in, comes home and files the debrief late
    THEN the traveller and the officers hear of each thing once, in order, and oversight only
    of the silence and the long-overdue debrief; every escalation is resolved at the end."""
    # The subject is the trip's care: the retention sweep (a pass's costliest idle job) runs
    # once a simulated day, as a deployment may set it, not at every simulated hour.
    settings.SOJOURN_RETENTION_SWEEP_MINUTES = 24 * 60
    start = now.replace(hour=0)
    # Berlin, day 14 to day 18
    trip = builders.draft(cast.traveller, start, builders.Itinerary(starts_in_days=14, days=4))
    assert trip.report_by == start.date() + 7 * DAY

    def submit(at: datetime.datetime) -> None:
        services.submit(trip, actor=cast.traveller, now=at)

    def approve(at: datetime.datetime) -> None:
        services.decide(
            Trip.objects.get(pk=trip.pk), actor=cast.officer, decision="approve", now=at
        )

    def checkin(at: datetime.datetime) -> None:
        check_in(
            Trip.objects.get(pk=trip.pk),
            actor=cast.traveller,
            status="ok",
            now=at,
            country="DE",
            city="Berlin",
        )

    def debrief(at: datetime.datetime) -> None:
        fresh = Trip.objects.get(pk=trip.pk)
        save_draft(fresh, actor=cast.traveller, now=at, summary="Two talks, four meetings.")
        filing.submit_debrief(fresh, actor=cast.traveller, now=at)

    simulate(
        start,
        42,
        {
            start + 5 * DAY + 10 * HOUR: submit,
            start + 6 * DAY + 9 * HOUR: approve,
            start + 14 * DAY + 20 * HOUR: checkin,  # then silence until day 17
            start + 17 * DAY + 8 * HOUR: checkin,
            start + 36 * DAY + 9 * HOUR: debrief,
        },
    )

    trip.refresh_from_db()
    assert trip.status == TripStatus.DEBRIEFED
    assert told("reminder.") == [
        ("reminder.report_by", "traveller"),  # three days before the report-by date
        ("reminder.departure", "traveller"),  # the day before departure
        ("reminder.checkin", "traveller"),  # an hour before the second check-in falls due
        ("reminder.checkin", "traveller"),  # and after the silence, before the next
        ("reminder.debrief", "traveller"),  # two days before the debrief is due
    ]
    assert told("escalation.") == [
        ("escalation.missed_checkin", "officer"),  # due + 2 h grace
        ("escalation.unreachable", "officer"),  # a second interval of silence
        ("escalation.unreachable", "oversight"),
        ("escalation.missed_checkin", "officer"),  # silent again on the last day
        ("escalation.debrief_overdue", "officer"),
        ("escalation.debrief_overdue", "traveller"),
        ("escalation.debrief_overdue_oversight", "oversight"),  # five days later
    ]
    resolved = dict(
        Escalation.objects.filter(trip=trip, resolved_at__isnull=False)
        .values_list("kind", "resolution")
        .order_by("opened_at")
    )
    assert resolved == {
        "missed_checkin": "checked in",
        "unreachable": "checked in",
        "debrief_overdue": "debrief submitted",
        "debrief_overdue_oversight": "debrief submitted",
    }
    # The worker ended the trip by the calendar: that says nothing of a silent traveller's
    # safety, so the last missed check-in stays open until an officer closes it.
    still_open = Escalation.objects.filter(trip=trip).open().get()
    assert still_open.kind == "missed_checkin"
    assert still_open.opened_at > trip.departed_at  # type: ignore[operator]
