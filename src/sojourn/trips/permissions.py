"""Which actor may take which action on a trip they can already see."""

from __future__ import annotations

from django.contrib.auth.models import User

from sojourn.people.access import organisation_id_of, role_of
from sojourn.people.models import Role
from sojourn.trips.models import Trip

# The roles that decide each approval step; a step not listed here can be decided by nobody,
# so a pack that names a new step fails closed until it is mapped.
STEP_DECIDERS: dict[str, Role] = {"org_security": Role.OFFICER, "oversight": Role.OVERSIGHT}


def is_traveller(user: User | None, trip: Trip) -> bool:
    return user is not None and user.pk == trip.traveller_id and role_of(user) is not None


def is_officer_of(user: User | None, trip: Trip) -> bool:
    return (
        user is not None
        and role_of(user) == Role.OFFICER
        and organisation_id_of(user) == trip.organisation_id
    )


def is_oversight(user: User | None) -> bool:
    return user is not None and role_of(user) == Role.OVERSIGHT


def may_decide_step(user: User | None, trip: Trip, step: str) -> bool:
    role = STEP_DECIDERS.get(step)
    if role == Role.OFFICER:
        return is_officer_of(user, trip)
    if role == Role.OVERSIGHT:
        return is_oversight(user)
    return False


def may_cancel(user: User | None, trip: Trip) -> bool:
    return is_officer_of(user, trip) or is_oversight(user)


def may_review_debrief(user: User | None, trip: Trip) -> bool:
    return is_officer_of(user, trip) or is_oversight(user)


def sees_locations(user: User | None, trip: Trip) -> bool:
    """Where a traveller checked in from: the traveller, and the duty-of-care roles only (the
    organisation's officers and oversight) — not the auditor, who reads everything else."""
    return is_traveller(user, trip) or is_officer_of(user, trip) or is_oversight(user)
