"""People as the API shows them: a short reference inside other objects, and `/me`."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from ninja import Schema

from sojourn.api.schemas.output import Built
from sojourn.people.access import display_name, person_of
from sojourn.people.models import Organisation as OrganisationModel
from sojourn.security.models import AccessToken


class Organisation(Schema):
    """An organisation wherever the API answers one: its slug (what filters and bodies name it
    by) and its name."""

    slug: str
    name: str

    @classmethod
    def of(cls, organisation: OrganisationModel) -> Organisation:
        return cls(slug=organisation.slug, name=organisation.name)


class PersonName(Built):
    """A person named inside another object (a trip's traveller, a review's reviewer)."""

    id: int
    username: str
    name: str

    @classmethod
    def of(cls, user: User) -> PersonName:
        return cls(id=user.pk, username=user.get_username(), name=display_name(user))

    @classmethod
    def maybe(cls, user: User | None) -> PersonName | None:
        return None if user is None else cls.of(user)


class Token(Schema):
    name: str
    scopes: list[str]
    expires_at: datetime.datetime | None


class Me(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str | None
    position: str | None
    language: str | None
    organisation: Organisation | None
    token: Token

    @classmethod
    def of(cls, user: User, token: AccessToken) -> Me:
        person = person_of(user)
        organisation = person.organisation if person is not None else None
        return cls(
            id=user.pk,
            username=user.get_username(),
            name=display_name(user),
            email=user.email,
            role=person.role if person else None,
            position=person.position if person else None,
            language=person.language if person else None,
            organisation=Organisation.of(organisation) if organisation else None,
            token=Token(name=token.name, scopes=list(token.scopes), expires_at=token.expires_at),
        )
