"""Who is concerned by what: the officers of an organisation, oversight."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import QuerySet

from sojourn.people.models import Organisation, Role


def _active_with_role(role: Role) -> QuerySet[User]:
    return User.objects.filter(is_active=True, person__role=role).select_related("person")


def officers_of(organisation: Organisation | int) -> list[User]:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return list(_active_with_role(Role.OFFICER).filter(person__organisation_id=org_id))


def officers_by_organisation(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """`officers_of` each organisation, in one query."""
    officers: dict[int, list[User]] = {}
    ids = set(organisation_ids)
    if ids:
        for user in _active_with_role(Role.OFFICER).filter(person__organisation_id__in=ids):
            officers.setdefault(user.person.organisation_id, []).append(user)
    return officers


def oversight() -> list[User]:
    return list(_active_with_role(Role.OVERSIGHT))
