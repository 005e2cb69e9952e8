"""Who is concerned by what: the officers of an organisation, oversight."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db.models import QuerySet

from sojourn.people.models import Organisation, Role


def _active_with_role(role: Role) -> QuerySet[AbstractUser]:
    user_model = get_user_model()
    return user_model.objects.filter(is_active=True, person__role=role).select_related("person")  # type: ignore[return-value]


def officers_of(organisation: Organisation | int) -> list[AbstractUser]:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return list(_active_with_role(Role.OFFICER).filter(person__organisation_id=org_id))


def oversight() -> list[AbstractUser]:
    return list(_active_with_role(Role.OVERSIGHT))
