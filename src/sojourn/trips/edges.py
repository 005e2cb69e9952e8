"""The one edge table: the states each action on a trip may start from.

The lifecycle's transitions read it when they lock the trip, and so do the actions that change
no status but depend on it (a check-in, a deviation, the debrief's draft, the briefing, editing
a draft); the faces read it to offer an action or say why it is not offered. Nowhere else lists
which states allow what.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sojourn.trips.errors import IllegalTransition
from sojourn.trips.models import Trip, TripStatus

S = TripStatus

EDGES: dict[str, frozenset[TripStatus]] = {
    # Transitions (trips.services): each moves the trip to another state.
    "submit": frozenset({S.DRAFT}),
    # A trip under way is decided again only when a directive or deviation reopened its chain.
    "decide": frozenset({S.SUBMITTED, S.IN_PROGRESS}),
    # Withdrawing is the traveller's own choice until departure.
    "withdraw": frozenset({S.DRAFT, S.SUBMITTED, S.APPROVED}),
    "cancel": frozenset({S.SUBMITTED, S.APPROVED}),
    "depart": frozenset({S.APPROVED}),
    "return_home": frozenset({S.IN_PROGRESS}),
    "submit_debrief": frozenset({S.RETURNED}),
    "review_debrief": frozenset({S.DEBRIEFED}),
    "reopen": frozenset({S.SUBMITTED, S.APPROVED, S.IN_PROGRESS}),
    # Actions that keep the state.
    "edit": frozenset({S.DRAFT}),
    "acknowledge_briefing": frozenset({S.SUBMITTED, S.APPROVED}),
    # From approval on, so that the traveller can say they are safe on the way out.
    "check_in": frozenset({S.APPROVED, S.IN_PROGRESS}),
    "report_deviation": frozenset({S.IN_PROGRESS}),
    # The draft is started while still abroad and finished at home.
    "write_debrief": frozenset({S.IN_PROGRESS, S.RETURNED}),
}

TRANSITIONS = (
    "submit",
    "decide",
    "withdraw",
    "cancel",
    "depart",
    "return_home",
    "submit_debrief",
    "review_debrief",
    "reopen",
)

# The states no transition leaves: the trip is over (closed, denied, withdrawn or cancelled), and
# retention counts its periods from the moment it got there.
ENDED: frozenset[TripStatus] = frozenset(
    state for state in S if not any(state in EDGES[action] for action in TRANSITIONS)
)

# How a refusal names each action: "Cannot <phrase> this trip: it is Draft."
PHRASES: dict[str, str | Promise] = {
    "submit": _("submit"),
    "decide": _("decide"),
    "withdraw": _("withdraw"),
    "cancel": _("cancel"),
    "depart": _("depart"),
    "return_home": _("return home"),
    "submit_debrief": _("submit debrief"),
    "review_debrief": _("review debrief"),
    "reopen": _("reopen"),
    "edit": _("edit"),
    "acknowledge_briefing": _("acknowledge the briefing of"),
    "check_in": _("check in on"),
    "report_deviation": _("report a deviation on"),
    "write_debrief": _("write the debrief of"),
}


def allows(action: str, status: str) -> bool:
    """Whether a trip in `status` may take `action`."""
    return status in EDGES[action]


def allowed(status: str) -> frozenset[str]:
    """Every action a trip in `status` may take."""
    return frozenset(action for action, states in EDGES.items() if status in states)


def require(action: str, trip: Trip) -> None:
    """Refuse an action the trip's state does not allow, naming the states that do."""
    allowed = EDGES[action]
    if trip.status not in allowed:
        raise IllegalTransition(
            str(PHRASES[action]),
            trip.get_status_display(),
            [str(S(state).label) for state in S if state in allowed],
        )
