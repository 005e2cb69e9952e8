"""The request kinds of the mix (`loadbench.locustfile`), by the names the report gives them."""

from __future__ import annotations

TRIPS_LIST = "trips list (API)"
REPORT = "report a trip (API POST)"
SUBMIT = "submit it (API POST)"
CHECK_IN = "check in (API POST)"
QUEUE = "review queue (page)"
OPEN_TRIP = "trip to decide (page)"
DECIDE = "approve it (page POST)"
OFFICER_HOME = "officer home (page)"
OVERSIGHT_HOME = "oversight home (page)"
DASHBOARD = "oversight dashboard (page)"
WATCH = "watch list (page)"
LIVENESS = "liveness probe"
KINDS = (
    TRIPS_LIST,
    REPORT,
    SUBMIT,
    CHECK_IN,
    QUEUE,
    OPEN_TRIP,
    DECIDE,
    OFFICER_HOME,
    OVERSIGHT_HOME,
    DASHBOARD,
    WATCH,
    LIVENESS,
)
"""The request kinds of the mix, as reported."""
