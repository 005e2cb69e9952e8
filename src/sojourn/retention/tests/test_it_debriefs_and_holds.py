"""Debriefs are anonymised the period after their trip closed, unless a legal hold is set on the
trip or on its traveller; holds are set and cleared by an officer or oversight, with a reason,
audited by ids."""

from __future__ import annotations

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.conf.errors import InvalidInput, NotAllowed
from sojourn.debriefs.models import Debrief
from sojourn.retention import holds
from sojourn.retention.job import run
from sojourn.retention.models import Purge
from sojourn.retention.tests.conftest import DAY, SUMMARY

YEAR = 366 * DAY


@pytest.fixture(autouse=True)
def _period(settings) -> None:
    settings.SOJOURN_RETENTION_DEBRIEF_YEARS = 10


def summary(trip) -> str:
    return str(Debrief.objects.get(trip=trip).summary)


def test_a_debrief_is_kept_whole_within_the_period(closed):
    run(closed.closed_at + 9 * YEAR, apply=True)

    assert summary(closed) == SUMMARY


def test_after_the_period_the_debrief_is_anonymised_and_the_purge_counted(cast, closed):
    run(closed.closed_at + 10 * YEAR, apply=True)

    assert summary(closed) == ""
    assert Purge.objects.get(what="debriefs").count == 1
    [event] = AuditEvent.objects.filter(action="retention.purged", data__what="debriefs")
    assert event.data == {"what": "debriefs", "count": 1, "organisation_id": cast.lab.pk}


@pytest.mark.parametrize("on", ["trip", "person"])
def test_a_legal_hold_keeps_the_debrief(cast, closed, on):
    target = {"trip": closed} if on == "trip" else {"person": cast.traveller}
    holds.set_hold(actor=cast.officer, reason="Case 2026-14", now=closed.closed_at, **target)

    run(closed.closed_at + 10 * YEAR, apply=True)

    assert summary(closed) == SUMMARY
    assert not Purge.objects.filter(what="debriefs").exists()


def test_once_the_hold_is_cleared_the_debrief_is_anonymised(cast, closed):
    hold = holds.set_hold(actor=cast.oversight, trip=closed, reason="Inquiry", now=closed.closed_at)
    run(closed.closed_at + 10 * YEAR, apply=True)
    holds.clear_hold(
        hold, actor=cast.oversight, reason="Inquiry closed", now=closed.closed_at + 10 * YEAR
    )

    run(closed.closed_at + 10 * YEAR + DAY, apply=True)

    assert summary(closed) == ""


def test_setting_and_clearing_a_hold_is_audited_by_ids(cast, closed):
    hold = holds.set_hold(
        actor=cast.officer, trip=closed, reason="Case 2026-14", now=closed.closed_at
    )
    holds.clear_hold(hold, actor=cast.officer, reason="Case closed", now=closed.closed_at + DAY)

    events = AuditEvent.objects.filter(action__startswith="legal_hold.").order_by("seq")
    assert [(e.action, e.actor_label, e.data) for e in events] == [
        ("legal_hold.set", "officer", {"trip_id": closed.pk}),
        ("legal_hold.cleared", "officer", {"trip_id": closed.pk}),
    ]


@pytest.mark.parametrize("who", ["traveller", "auditor", "other_officer"])
def test_only_the_organisations_officer_or_oversight_sets_a_hold(cast, closed, who):
    with pytest.raises(NotAllowed):
        holds.set_hold(actor=getattr(cast, who), trip=closed, reason="x", now=closed.closed_at)


def test_a_hold_needs_a_reason(cast, closed):
    with pytest.raises(InvalidInput):
        holds.set_hold(actor=cast.officer, trip=closed, reason="  ", now=closed.closed_at)


def test_clearing_a_trips_hold_is_refused_to_a_role_that_may_not_before_saying_if_there_is_one(
    cast, closed
):
    with pytest.raises(NotAllowed):
        holds.clear_hold_on(actor=cast.auditor, trip=closed, reason="x", now=closed.closed_at)
    with pytest.raises(holds.NoHold):
        holds.clear_hold_on(actor=cast.officer, trip=closed, reason="x", now=closed.closed_at)
