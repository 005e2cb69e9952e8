"""Who the load benchmark's users are, picked from its synthetic world (Django set up).

- **travellers**: one traveller per user, each with a trip they may check in on (in progress
  first, then approved: `care.check_in` takes both) and a new `write` API token of their own;
  the country they check in from is the trip's first leg's;
- **officers**: the officers of those travellers' organisations, so the trips the travellers
  submit land in their review queues;
- **oversight**: every oversight account.

Officers and oversight then sign in with the world's shared password (`sojourn synth
--password-stdin`; loadbench.signin), and their sessions join the cast. Left behind in the
world: one API token per traveller (its `token.created` audit event).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from django.utils import timezone

from sojourn.people.models import Person, Role
from sojourn.security import tokens
from sojourn.trips.models import Trip, TripStatus

SHARE = {"travellers": 7, "officers": 2, "oversight": 1}
"""The users' weights in the mix (loadbench.locustfile): 7 in 10 users are travellers."""


def pick(most_users: int, liveness: str) -> dict[str, Any]:
    """The cast for a run of at most `most_users` users (the probe aside), sessions to come."""
    wanted = math.ceil(most_users * SHARE["travellers"] / sum(SHARE.values()))
    travellers = _travellers(wanted)
    if not travellers:
        raise SystemExit("load: no traveller of the world has an approved or current trip")
    organisations = {member.pop("organisation_id") for member in travellers}
    officers = list(
        Person.objects.filter(
            role=Role.OFFICER, organisation_id__in=organisations, user__is_active=True
        )
        .order_by("user_id")
        .values_list("user__username", flat=True)
    )
    oversight = list(
        Person.objects.filter(role=Role.OVERSIGHT, user__is_active=True)
        .order_by("user_id")
        .values_list("user__username", flat=True)
    )
    if not officers or not oversight:
        raise SystemExit("load: the world needs officers and oversight to sign in")
    return {
        "liveness": liveness,
        "travellers": travellers,
        "officers": officers,
        "oversight": oversight,
    }


def write(cast: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(cast, indent=2) + "\n", "utf-8")
    path.chmod(0o600)  # API tokens and sessions: for this run only
    return path


def _travellers(wanted: int) -> list[dict[str, Any]]:
    """Up to `wanted` travellers, each with one trip to check in on and a new token."""
    chosen: dict[int, Trip] = {}
    for status in (TripStatus.IN_PROGRESS, TripStatus.APPROVED):
        trips = (
            Trip.objects.filter(status=status, traveller__is_active=True)
            .exclude(traveller_id__in=chosen)
            .select_related("traveller")
            .prefetch_related("legs")
            .order_by("traveller_id", "id")
        )
        for trip in trips.iterator(chunk_size=500):
            if len(chosen) >= wanted:
                break
            chosen.setdefault(trip.traveller_id, trip)
    now = timezone.now()
    members = []
    for trip in chosen.values():
        legs = sorted(trip.legs.all(), key=lambda leg: (leg.starts_on, leg.pk))
        token = tokens.create_token(
            actor=None, user=trip.traveller, name="load benchmark", scope="write", now=now
        )
        members.append(
            {
                "username": trip.traveller.get_username(),
                "token": token.secret,
                "checkin_trip_id": trip.pk,
                "country": legs[0].country if legs else "",
                "organisation_id": trip.organisation_id,
            }
        )
    return members
