"""Making, checking and revoking personal access tokens and calendar-feed secrets."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sojourn.audit import context
from sojourn.audit import services as audit
from sojourn.conf.errors import InvalidInput, NotAllowed
from sojourn.conf.statements import StatementCache
from sojourn.people.models import Person, Role
from sojourn.security.models import AccessToken, FeedSecret, Scope

# Tokens carry a recognisable prefix so secret scanners and people can tell what leaked.
TOKEN_PREFIX = "sjt_"
# last_used_at and the `token.used` audit event are written at most this often per token, so
# reads do not all become writes; the trail still shows when and from where a token was used.
TOUCH_EVERY = datetime.timedelta(minutes=1)
SECOND = datetime.timedelta(seconds=1)


def default_expiry_days() -> int:
    """Days a new token lives when its creator names none (SOJOURN_TOKEN_DAYS)."""
    return int(settings.SOJOURN_TOKEN_DAYS)


def most_expiry_days() -> int:
    """The most days a creator may name (SOJOURN_TOKEN_MAX_DAYS)."""
    return int(settings.SOJOURN_TOKEN_MAX_DAYS)


def cap() -> int:
    """The most tokens alive (neither revoked nor expired) one person may hold."""
    return int(settings.SOJOURN_TOKEN_CAP)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: AccessToken
    secret: str


@transaction.atomic
def create_token(
    *,
    actor: User | None,
    user: User,
    name: str,
    scope: str,
    now: datetime.datetime,
    expires_days: int | None = None,
) -> NewToken:
    """A new token for `user`; the secret is in the answer and nowhere else. It expires after
    `expires_days` (1 to SOJOURN_TOKEN_MAX_DAYS), by default SOJOURN_TOKEN_DAYS.

    `actor` None is an operator on the server's command line (`sojourn token`), recorded as
    the system rather than as the person the token is for.
    """
    if actor is not None and actor.pk != user.pk and not actor.is_superuser:
        raise NotAllowed(_("People create their own tokens."))
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Name the token after what will use it, such as “HR sync”.")
    elif len(name) > 100:
        errors["name"] = _("Keep the name under 100 characters.")
    if scope not in Scope.values:
        errors["scope"] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(Scope.values)}
    if expires_days is None:
        expires_days = default_expiry_days()
    elif not 1 <= expires_days <= most_expiry_days():
        errors["expires_days"] = _("Give a number of days from 1 to %(most)s.") % {
            "most": most_expiry_days()
        }
    if not user.is_active:
        errors["user"] = _("This account is disabled.")
    elif len(active_tokens(user, now)) >= cap():
        errors["tokens"] = _(
            "%(cap)s tokens are alive already, the most one person may hold: revoke one "
            "that is no longer used first."
        ) % {"cap": cap()}
    if errors:
        raise InvalidInput(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=digest(secret),
        scope=scope,
        created_at=now,
        expires_at=now + datetime.timedelta(days=expires_days),
    )
    audit.record(
        actor=actor,
        action="token.created",
        obj=token,
        at=now,
        # The name its owner typed stays on the token the event names.
        data={
            "scope": scope,
            "expires_at": token.expires_at,
            "for": user.get_username(),
            "via": "web" if actor is not None else "command line",
        },
    )
    return NewToken(token=token, secret=secret)


def active_tokens(user: User, now: datetime.datetime) -> list[AccessToken]:
    return list(
        AccessToken.objects.filter(user=user, revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
    )


def authenticate(secret: str, *, now: datetime.datetime) -> AccessToken | None:
    """The live token with this secret, with its user loaded; None for anything else."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = _live_token(digest(secret))
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        client = context.client_address()
        with transaction.atomic():
            touched = AccessToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at)
            # One request per minute records the use, and where from.
            if touched.update(last_used_at=now, last_used_from=client):
                audit.record(actor=token.user, action="token.used", obj=token, at=now)
        token.last_used_at, token.last_used_from = now, client
    return token


def _fields(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


TOKEN_FIELDS, USER_FIELDS, PERSON_FIELDS = _fields(AccessToken), _fields(User), _fields(Person)
# Every API request comes through here: its one query is compiled once per process.
LOOKUP = StatementCache(size=1)


def _lookup(values: Sequence[Any]) -> QuerySet[AccessToken, dict[str, Any]]:
    """The token with this digest, not revoked, with its user and the user's person (if any):
    one query on the unique digest, unordered (the model's order would only add work)."""
    found: QuerySet[AccessToken, dict[str, Any]] = (
        AccessToken.objects.filter(digest=values[0], revoked_at__isnull=True)
        .order_by()
        .values(
            *TOKEN_FIELDS,
            *(f"user__{name}" for name in USER_FIELDS),
            *(f"user__person__{name}" for name in PERSON_FIELDS),
        )[:1]
    )
    return found


def _live_token(hashed: str) -> AccessToken | None:
    """The token, its user and their person, as `select_related("user", "user__person")`
    would load them (the person cached as absent when there is none)."""
    rows = LOOKUP.rows("token", _lookup, [hashed])
    if not rows:
        return None
    row = rows[0]
    token = AccessToken.from_db(None, TOKEN_FIELDS, [row[name] for name in TOKEN_FIELDS])
    user = User.from_db(None, USER_FIELDS, [row[f"user__{name}"] for name in USER_FIELDS])
    person = None
    if row["user__person__id"] is not None:
        values = [row[f"user__person__{name}"] for name in PERSON_FIELDS]
        person = Person.from_db(None, PERSON_FIELDS, values)
        Person.user.field.set_cached_value(person, user)
    Person.user.field.remote_field.set_cached_value(user, person)
    AccessToken.user.field.set_cached_value(token, user)
    return token


@transaction.atomic
def revoke(token: AccessToken, *, actor: User | None, now: datetime.datetime) -> None:
    """`actor` None is an operator on the server's command line."""
    if actor is not None and actor.pk != token.user_id and not actor.is_superuser:
        raise NotAllowed(_("People revoke their own tokens."))
    updated = AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now
    )
    if updated:
        audit.record(actor=actor, action="token.revoked", obj=token, at=now)


# Roles whose feeds show other people's travel: without their choice, no names nor destinations.
PRIVATE_UNLESS_CHOSEN = frozenset({Role.OFFICER, Role.OVERSIGHT})


def feed_days() -> int:
    """Days a calendar address works after it is made (SOJOURN_FEED_DAYS)."""
    return int(settings.SOJOURN_FEED_DAYS)


def feed_expires_at(feed: FeedSecret) -> datetime.datetime:
    return feed.expires_at or feed.created_at + datetime.timedelta(days=feed_days())


@transaction.atomic
def rotate_feed_secret(*, user: User, now: datetime.datetime) -> str:
    """A new secret for the user's calendar feeds; the old address stops working at once. The
    choice to show names carries over; the new address's use starts afresh."""
    secret = secrets.token_urlsafe(32)
    feed, created = FeedSecret.objects.update_or_create(
        user=user,
        defaults={
            "digest": digest(secret),
            "created_at": now,
            "expires_at": now + datetime.timedelta(days=feed_days()),
            "last_used_at": None,
            "last_used_from": "",
        },
    )
    audit.record(
        actor=user,
        action="feed.created" if created else "feed.rotated",
        obj=feed,
        at=now,
        data={"expires_at": feed.expires_at},
    )
    return secret


def feed_at(secret: str, *, now: datetime.datetime) -> FeedSecret | None:
    """The live feed address with this secret, its owner loaded; None for anything else (an
    address expired is the same as one that never existed)."""
    if not secret or len(secret) > 100:
        return None
    feed = FeedSecret.objects.select_related("user").filter(digest=digest(secret)).first()
    if feed is None or not feed.user.is_active or feed_expires_at(feed) <= now:
        return None
    return feed


def touch_feed(feed: FeedSecret, *, now: datetime.datetime, client: str) -> None:
    """Record a calendar program's read: when and from where, at most once a minute."""
    if feed.last_used_at is not None and now - feed.last_used_at < TOUCH_EVERY:
        return
    FeedSecret.objects.filter(pk=feed.pk).update(last_used_at=now, last_used_from=client)
    feed.last_used_at, feed.last_used_from = now, client


@transaction.atomic
def show_names_in_feed(*, user: User, shows: bool, now: datetime.datetime) -> bool:
    """The owner's choice whether their feed names other people's travellers and destinations;
    False when they have no address (the choice belongs to one)."""
    feed = FeedSecret.objects.filter(user=user).first()
    if feed is None:
        return False
    if feed.shows_names != shows:
        FeedSecret.objects.filter(pk=feed.pk).update(shows_names=shows)
        audit.record(
            actor=user, action="feed.names_chosen", obj=feed, at=now, data={"shows": shows}
        )
    return True


@dataclass(frozen=True)
class Revoked:
    tokens: int
    feed: bool


@transaction.atomic
def revoke_everything(*, user: User, now: datetime.datetime, reason: str) -> Revoked:
    """Every live token of the person revoked and their calendar address retired (a password
    change: whoever held the old password may have made them)."""
    live = active_tokens(user, now)
    for token in live:
        revoke(token, actor=user, now=now)
    feed = FeedSecret.objects.filter(user=user).first()
    if feed is not None:
        audit.record(actor=user, action="feed.revoked", obj=feed, at=now, data={"why": reason})
        feed.delete()
    return Revoked(tokens=len(live), feed=feed is not None)


def feed_changed_at(feed: FeedSecret, *, etag: str, now: datetime.datetime) -> datetime.datetime:
    """When the calendar `etag` names was first served at this address (its Last-Modified).

    A new calendar is stamped at least a second after the previous one: Last-Modified counts
    whole seconds, and two versions in one second must not look the same to If-Modified-Since.
    """
    if feed.etag == etag and feed.changed_at is not None:
        return feed.changed_at
    changed = now if feed.changed_at is None else max(now, feed.changed_at + SECOND)
    # Two polls at once may both write: either way the stamp is no earlier than the change.
    FeedSecret.objects.filter(pk=feed.pk).update(etag=etag, changed_at=changed)
    feed.etag, feed.changed_at = etag, changed
    return changed
