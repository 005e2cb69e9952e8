"""The trip lifecycle: the only place a trip's status changes.

Each transition runs in one transaction with the trip row locked, refuses an edge that does not
exist from the current state, refuses a stale version, bumps the version, and writes the audit
event and the notifications in the same transaction. Web views, the API, the CLI and the worker
all call these functions. Filing and reviewing a debrief are edges too, taken through the same
machinery by the debriefs app (`sojourn.debriefs.filing`).

    draft ─submit─▶ submitted ─all approvals─▶ approved ─departure─▶ in_progress ─return─▶ returned
      ▲               │   └─deny─▶ denied          └─withdraw / cancel─▶ withdrawn / cancelled   │
      └─request changes                                      closed ◀─accept─ debriefed ◀─debrief┘
"""

from sojourn.trips.edges import EDGES
from sojourn.trips.services.core import lock, refresh_dates
from sojourn.trips.services.decisions import decide, reopen
from sojourn.trips.services.ending import cancel, withdraw
from sojourn.trips.services.submission import submit
from sojourn.trips.services.travel import (
    acknowledge_briefing,
    depart,
    itinerary_changed,
    return_home,
)

__all__ = [
    "EDGES",
    "acknowledge_briefing",
    "cancel",
    "decide",
    "depart",
    "itinerary_changed",
    "lock",
    "refresh_dates",
    "reopen",
    "return_home",
    "submit",
    "withdraw",
]
