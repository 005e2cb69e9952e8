"""Who someone is in Sojourn: their role and organisation, the inputs of every scoping function.

Deny by default: a user without a Sojourn profile (and not a superuser) has no role and sees
nothing, and every scoping function starts from `.none()`.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from sojourn.people.models import Organisation, Person, Role

AnyUser = User | AnonymousUser


def display_name(user: object) -> str:
    """A person's full name, else their username; empty for nobody."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    full_name: str = getattr(user, "get_full_name", lambda: "")()
    return full_name or str(getattr(user, "get_username", lambda: "")())


def person_of(user: AnyUser) -> Person | None:
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        person: Person = user.person
    except Person.DoesNotExist:
        return None
    return person


def role_of(user: AnyUser) -> Role | None:
    person = person_of(user)
    if person is not None:
        return Role(person.role)
    if user.is_authenticated and user.is_active and getattr(user, "is_superuser", False):
        return Role.ADMIN
    return None


def organisation_id_of(user: AnyUser) -> int | None:
    person = person_of(user)
    return None if person is None else person.organisation_id


def reads_everything(user: AnyUser) -> bool:
    """Oversight and auditors read across every organisation of the authority."""
    return role_of(user) in {Role.OVERSIGHT, Role.AUDITOR}


def scope_q(user: AnyUser, *, owner: str, organisation: str) -> Q | None:
    """The filter that limits rows to what `user` may read, or None for "nothing at all".

    `owner` and `organisation` name the lookups from the scoped model to the owning user and
    to the owning organisation, e.g. `traveller` and `organisation` for a trip.
    """
    role = role_of(user)
    if role in {Role.OVERSIGHT, Role.AUDITOR}:
        return Q()
    if role == Role.OFFICER:
        return Q(**{organisation: organisation_id_of(user)})
    if role == Role.TRAVELLER:
        return Q(**{owner: user.pk})
    return None


def visible_organisations(user: AnyUser) -> list[Organisation]:
    if reads_everything(user):
        return list(Organisation.objects.all())
    person = person_of(user)
    return [] if person is None else [person.organisation]
