"""Creating organisations and the people in them: the only place accounts are made outside the
Django admin. The `createuser` command and the demo world both come through here, so every new
person is validated the same way and leaves an audit event.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import models, transaction
from django.utils.translation import gettext as _

from sojourn.audit import services as audit
from sojourn.conf.errors import InvalidInput, NotAllowed
from sojourn.people.models import Language, Organisation, Person, Position, Role, Sector


class InvalidField(InvalidInput):
    """One input that cannot be accepted; `field` names it so a face can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__({field: message})
        self.field = field
        self.message = message


def _choices(values: Iterable[str]) -> str:
    return ", ".join(values)


def _sectors(field: str, sectors: Iterable[str]) -> list[str]:
    """The sectors in the order given, without repeats; an unknown one is refused."""
    chosen: list[str] = []
    for sector in sectors:
        if sector not in Sector.values:
            raise InvalidField(
                field, f"{sector!r} is not a sector; choose from {_choices(Sector.values)}."
            )
        if sector not in chosen:
            chosen.append(sector)
    return chosen


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField)
    assert field.max_length is not None
    return field.max_length


def _check_organisation(*, slug: str, name: str, home_country: str, time_zone: str) -> None:
    try:
        validate_slug(slug)
    except ValidationError:
        raise InvalidField(
            "slug", f"{slug!r} is not a slug; use lower-case letters, digits and hyphens."
        ) from None
    longest = _max_length(Organisation, "slug")
    if len(slug) > longest:
        raise InvalidField("slug", f"use at most {longest} characters.")
    longest = _max_length(Organisation, "name")
    if not name.strip() or len(name) > longest:
        raise InvalidField("name", f"give a name of 1 to {longest} characters.")
    if len(home_country) != 2 or not home_country.isalpha() or not home_country.isupper():
        raise InvalidField(
            "home_country", f"{home_country!r} is not a two-letter ISO 3166 code such as CN."
        )
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvalidField(
            "time_zone", f"{time_zone!r} is not an IANA time zone such as Asia/Shanghai."
        ) from None


@transaction.atomic
def ensure_organisation(
    *,
    slug: str,
    now: datetime.datetime,
    name: str | None = None,
    sectors: Iterable[str] = (),
    home_country: str = "CN",
    time_zone: str = "Asia/Shanghai",
) -> tuple[Organisation, bool]:
    """The organisation with this slug, created if it does not exist yet.

    An existing organisation is returned as it is: its name and sectors are never overwritten
    here (that is an administrator's decision, made in the admin).
    """
    name = slug if name is None else name
    _check_organisation(slug=slug, name=name, home_country=home_country, time_zone=time_zone)
    chosen = _sectors("sectors", sectors)
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    organisation = Organisation.objects.create(
        slug=slug,
        name=name.strip(),
        sectors=chosen,
        home_country=home_country,
        time_zone=time_zone,
        created_at=now,
    )
    audit.record(
        actor=None,
        action="organisation.created",
        obj=organisation,
        at=now,
        data={"slug": slug, "name": organisation.name, "sectors": chosen},
    )
    return organisation, True


def _check_username(username: str) -> None:
    if not username:
        raise InvalidField("username", "give a username.")
    longest = _max_length(User, "username")
    if len(username) > longest:
        raise InvalidField("username", f"use at most {longest} characters.")
    try:
        User.username_validator(username)
    except ValidationError:
        raise InvalidField(
            "username", f"{username!r} may only contain letters, digits and @ . + - _"
        ) from None
    # Usernames are unique as typed, but "Alice" next to "alice" only confuses people.
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidField("username", f"{username!r} is taken; choose another username.")


@transaction.atomic
def create_person(
    *,
    username: str,
    role: str,
    organisation: Organisation,
    position: str,
    sectors: Iterable[str],
    email: str,
    password: str | None,
    now: datetime.datetime,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
) -> User:
    """A login and its Sojourn profile. A password of None leaves the account without a usable
    password until someone sets one (`sojourn changepassword`). A blank language follows the
    browser until the person chooses one."""
    _check_username(username)
    if language and language not in Language.values:
        raise InvalidField(
            "language",
            f"{language!r} is not a language; choose from {_choices(Language.values)}.",
        )
    if role not in Role.values:
        raise InvalidField("role", f"{role!r} is not a role; choose from {_choices(Role.values)}.")
    if position not in Position.values:
        raise InvalidField(
            "position", f"{position!r} is not a position; choose from {_choices(Position.values)}."
        )
    chosen = _sectors("sectors", sectors)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidField("email", f"{email!r} is not an email address.") from None
    user = User(
        username=username,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
        date_joined=now,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise InvalidField("password", " ".join(error.messages)) from None
        user.set_password(password)
    user.save()
    person = Person.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        position=position,
        sectors=chosen,
        language=language,
    )
    audit.record(
        actor=None,
        action="person.created",
        obj=person,
        at=now,
        data={
            "username": username,
            "role": role,
            "organisation": organisation.slug,
            "position": position,
            "sectors": chosen,
            "usable_password": password is not None,
        },
    )
    return user


# A phone number as people write it: digits, spaces, and + ( ) . / - (at least five digits).
PHONE = re.compile(r"^\+?[0-9(][0-9 ()./-]*$")
PROFILE_FIELDS = ("language", "emergency_contact_name", "emergency_contact_phone")


class NotPermitted(NotAllowed):
    """The actor may not change this person's profile."""


@transaction.atomic
def update_profile(
    person: Person,
    *,
    actor: User,
    language: str,
    emergency_contact_name: str,
    emergency_contact_phone: str,
    now: datetime.datetime,
) -> Person:
    """A person changes their own preferred language and emergency contact.

    The audit event names the fields that changed (and the new language), not the contact's
    name or number: the audit trail is permanent and read by auditors, and a relative's phone
    number has no place in it.
    """
    if actor.pk != person.user_id:
        raise NotPermitted(_("Only the person themselves changes their profile."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    name = " ".join(emergency_contact_name.split())
    phone = " ".join(emergency_contact_phone.split())
    if language and language not in Language.values:
        raise InvalidField(
            "language", _("Choose one of: %(choices)s.") % {"choices": _choices(Language.values)}
        )
    for field, value in (("emergency_contact_name", name), ("emergency_contact_phone", phone)):
        longest = _max_length(Person, field)
        if len(value) > longest:
            raise InvalidField(field, _("Use at most %(count)d characters.") % {"count": longest})
    if phone and (not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 5):
        raise InvalidField(
            "emergency_contact_phone",
            _(
                "Write a phone number with digits, spaces and + ( ) - only, "
                "such as +86 10 1234 5678."
            ),
        )
    if phone and not name:
        raise InvalidField("emergency_contact_name", _("Name the person to call at this number."))
    if name and not phone:
        raise InvalidField("emergency_contact_phone", _("Give a phone number for this person."))
    new = {"language": language, "emergency_contact_name": name, "emergency_contact_phone": phone}
    changed = [field for field in PROFILE_FIELDS if getattr(person, field) != new[field]]
    if not changed:
        return person
    previous_language = person.language
    for field in changed:
        setattr(person, field, new[field])
    person.save(update_fields=changed)
    data: dict[str, object] = {"fields": changed}
    if "language" in changed:
        data["language"] = {"from": previous_language, "to": language}
    audit.record(actor=actor, action="person.profile_updated", obj=person, at=now, data=data)
    return person
