"""Every edge of the trip lifecycle: the legal ones move, the rest refuse and change nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.care.services import DeviationInput, check_in, report_deviation
from sojourn.conftest import Cast
from sojourn.debriefs import filing
from sojourn.debriefs.services import save_draft
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips import services
from sojourn.trips.assessing import assess
from sojourn.trips.drafts import TripInput, update_draft
from sojourn.trips.errors import IllegalTransition
from sojourn.trips.models import Trip, TripStatus

DAY = datetime.timedelta(days=1)


def _withdrawn(cast: Cast, now: datetime.datetime) -> Trip:
    trip = builders.submitted(cast.traveller, now)
    return services.withdraw(trip, actor=cast.traveller, now=now)


def _denied(cast: Cast, now: datetime.datetime) -> Trip:
    trip = builders.submitted(cast.traveller, now)
    return services.decide(trip, actor=cast.officer, decision="deny", comment="No.", now=now)


def _cancelled(cast: Cast, now: datetime.datetime) -> Trip:
    trip = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    return services.cancel(trip, actor=cast.oversight, reason="Instruction 7", now=now)


BUILDERS: dict[TripStatus, Callable[[Cast, datetime.datetime], Trip]] = {
    TripStatus.DRAFT: lambda cast, now: builders.draft(cast.traveller, now),
    TripStatus.SUBMITTED: lambda cast, now: builders.submitted(cast.traveller, now),
    TripStatus.APPROVED: lambda cast, now: builders.approved(
        cast.traveller, now, reviewers=[cast.officer]
    ),
    TripStatus.DENIED: _denied,
    TripStatus.WITHDRAWN: _withdrawn,
    TripStatus.CANCELLED: _cancelled,
    TripStatus.IN_PROGRESS: lambda cast, now: builders.under_way(
        cast.traveller, now, reviewers=[cast.officer]
    ),
    TripStatus.RETURNED: lambda cast, now: builders.returned(
        cast.traveller, now, reviewers=[cast.officer]
    ),
    TripStatus.DEBRIEFED: lambda cast, now: builders.debriefed(
        cast.traveller, now, reviewers=[cast.officer]
    ),
    TripStatus.CLOSED: lambda cast, now: builders.closed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        accepted_by=cast.officer,
        accepted_at=now + 40 * DAY,
    ),
}


def _attempt(action: str, trip: Trip, cast: Cast, now: datetime.datetime) -> Trip:
    """Call one service with an actor who would be allowed to take it from a legal state."""
    later = now + 50 * DAY
    calls: dict[str, Callable[[], Trip]] = {
        "submit": lambda: services.submit(trip, actor=cast.traveller, now=now),
        "decide": lambda: services.decide(trip, actor=cast.officer, decision="approve", now=now),
        "withdraw": lambda: services.withdraw(trip, actor=cast.traveller, now=now),
        "cancel": lambda: services.cancel(trip, actor=cast.officer, reason="r", now=now),
        "depart": lambda: services.depart(trip, actor=None, now=later),
        "return_home": lambda: services.return_home(trip, actor=None, now=later),
        "submit_debrief": lambda: filing.submit_debrief(trip, actor=cast.traveller, now=later),
        "review_debrief": lambda: filing.review_debrief(
            trip, actor=cast.officer, decision="accept", now=later
        ),
        "reopen": lambda: services.reopen(
            trip, assessment=assess(trip, today=now.date()), reason="Directive", now=now
        ),
        # Actions that keep the state: refused from any other by the same table.
        "edit": lambda: update_draft(
            trip, actor=cast.traveller, data=TripInput(title="t", purpose="academic"), now=now
        ),
        "acknowledge_briefing": lambda: services.acknowledge_briefing(
            trip, actor=cast.traveller, now=now
        ),
        "check_in": lambda: check_in(trip, actor=cast.traveller, status="ok", now=later).trip,
        "report_deviation": lambda: (
            report_deviation(
                trip,
                actor=cast.traveller,
                data=DeviationInput("FR", later.date(), later.date(), "A detour."),
                now=later,
            ).trip
        ),
        "write_debrief": lambda: (
            save_draft(trip, actor=cast.traveller, now=later, summary="s").trip
        ),
    }
    return calls[action]()


ILLEGAL = [
    (state, action)
    for state in BUILDERS
    for action, sources in services.EDGES.items()
    if state not in sources
]


def test_all_states_are_reachable(cast, now):
    for state, build in BUILDERS.items():
        assert build(cast, now).status == state


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_an_illegal_edge_is_refused_and_changes_nothing(cast, now, state, action):
    """GIVEN a trip in `state` WHEN `action` is attempted THEN it is refused, naming the state,
    and the trip, its version and the audit trail are untouched."""
    trip = BUILDERS[state](cast, now)
    version = Trip.objects.get(pk=trip.pk).version
    events = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition) as refused:
        _attempt(action, trip, cast, now)

    assert str(TripStatus(state).label) in refused.value.message
    fresh = Trip.objects.get(pk=trip.pk)
    assert (fresh.status, fresh.version) == (state, version)
    assert AuditEvent.objects.count() == events


# Each legal edge, and who is told of it (in-app rows; email rows follow the same people).
LEGAL = [
    ("submit", TripStatus.DRAFT, TripStatus.SUBMITTED, {"officer"}),
    ("decide", TripStatus.SUBMITTED, TripStatus.APPROVED, {"traveller"}),
    ("withdraw", TripStatus.DRAFT, TripStatus.WITHDRAWN, set()),
    ("withdraw", TripStatus.SUBMITTED, TripStatus.WITHDRAWN, {"officer"}),
    ("withdraw", TripStatus.APPROVED, TripStatus.WITHDRAWN, {"officer"}),
    ("cancel", TripStatus.SUBMITTED, TripStatus.CANCELLED, {"traveller"}),
    ("cancel", TripStatus.APPROVED, TripStatus.CANCELLED, {"traveller"}),
    ("depart", TripStatus.APPROVED, TripStatus.IN_PROGRESS, {"traveller"}),
    ("return_home", TripStatus.IN_PROGRESS, TripStatus.RETURNED, {"traveller"}),
    ("submit_debrief", TripStatus.RETURNED, TripStatus.DEBRIEFED, {"officer"}),
    ("review_debrief", TripStatus.DEBRIEFED, TripStatus.CLOSED, {"traveller"}),
]


@pytest.mark.parametrize(
    ("action", "source", "target", "told"), LEGAL, ids=[f"{a}-{s}" for a, s, _t, _w in LEGAL]
)
def test_a_legal_edge_moves_bumps_the_version_audits_and_notifies(
    cast, now, action, source, target, told
):
    """GIVEN a trip in `source` WHEN `action` is taken THEN it is in `target` at the next
    version, the audit trail records the edge, and the people concerned have a notification."""
    trip = BUILDERS[source](cast, now)
    if action == "submit_debrief":
        from sojourn.debriefs.services import save_draft

        save_draft(trip, actor=cast.traveller, now=now + 40 * DAY, summary="Met the lab.")
    before = Trip.objects.get(pk=trip.pk).version
    notes_before = set(Notification.objects.values_list("pk", flat=True))

    moved = _attempt(action, trip, cast, now)

    fresh = Trip.objects.get(pk=trip.pk)
    assert fresh.status == moved.status == target
    assert fresh.version == before + 1
    # The trip's own last event (a submission also records its meetings as sightings).
    last = AuditEvent.objects.filter(object_type="trips.trip").order_by("-seq").first()
    assert last is not None
    assert last.object_id == str(trip.pk)
    assert (last.data["from"], last.data["to"]) == (source, target)
    assert last.data["version"] == before + 1
    new = Notification.objects.exclude(pk__in=notes_before).filter(trip=trip, channel="in_app")
    assert {n.recipient.username for n in new} == told


def test_the_edges_table_covers_every_service():
    """Which states allow a check-in, a deviation, the debrief's draft, the briefing or an edit
    is declared in the one table, beside the transitions."""
    assert set(services.EDGES) == {
        "edit",
        "acknowledge_briefing",
        "check_in",
        "report_deviation",
        "write_debrief",
        "submit",
        "decide",
        "withdraw",
        "cancel",
        "depart",
        "return_home",
        "submit_debrief",
        "review_debrief",
        "reopen",
    }
