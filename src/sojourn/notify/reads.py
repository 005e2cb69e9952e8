"""Some notifications say where a traveller is: reading one is a read of their location.

A need-help check-in tells the officers and oversight the place and the traveller's note; a
check-in from off the itinerary names the place. Whoever reads such a notification — in the
inbox, through the API, or by email — leaves a `locations.read` event on the trip, as a look at
the trip's check-ins does (`sojourn.audit.services.record_read`), with the way it was read and
the notification's id.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Literal

from django.contrib.auth.models import User

from sojourn.audit import services as audit
from sojourn.notify.models import Notification
from sojourn.notify.texts import is_purged

LOCATION_KINDS = frozenset({"escalation.need_help", "escalation.off_itinerary"})

Via = Literal["inbox", "api", "email"]


def names_a_location(row: Notification) -> bool:
    """The row words a place (its params still hold one: retention empties them)."""
    return (
        row.kind in LOCATION_KINDS
        and row.trip_id is not None
        and bool(row.params)
        and not is_purged(row)
    )


def record_location_reads(
    rows: Iterable[Notification], *, reader: User, via: Via, now: datetime.datetime
) -> int:
    """One `locations.read` per trip whose location the rows show this reader; returns how many."""
    seen: set[int] = set()
    for row in rows:
        trip = row.trip if names_a_location(row) else None
        if trip is None or trip.pk in seen:
            continue
        seen.add(trip.pk)
        audit.record_read(
            actor=reader,
            obj=trip,
            owner_id=trip.traveller_id,
            what="locations",
            at=now,
            data={"via": via, "notification_id": row.pk},
        )
    return len(seen)
