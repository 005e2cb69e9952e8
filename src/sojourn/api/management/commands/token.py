"""`sojourn token create USERNAME [--name N] [--scope read|write] [--expires-days D]`,
`sojourn token list [USERNAME]` and `sojourn token revoke USERNAME --prefix P`.

`list` shows each token's last use: when, and from which address. Without a USERNAME it lists
the tokens alive of everyone, with their owner: an operator's view of who reaches the API.

`create` prints the token alone on standard output, so a script can capture it
(`TOKEN=$(sojourn token create alice --name "HR sync")`); what it is and that it is shown once
goes to standard error. Only its hash is stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from sojourn.security import tokens
from sojourn.security.models import AccessToken, Scope
from sojourn.trips.errors import InvalidInput

# Which option to blame for each field the token service refuses.
OPTIONS = {
    "name": "--name",
    "scope": "--scope",
    "expires_days": "--expires-days",
    "user": "USERNAME",
    "tokens": "USERNAME",
}
DEFAULT_NAME = "command line"


def _when(moment: datetime.datetime | None, empty: str = "never") -> str:
    return empty if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def _state(token: AccessToken, now: datetime.datetime) -> str:
    if token.revoked_at is not None:
        return f"revoked {_when(token.revoked_at)}"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


class Command(BaseCommand):
    help = "Create, list or revoke a person's personal access tokens for the REST API."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a token and print it (shown once).")
        create.add_argument("username", metavar="USERNAME")
        create.add_argument(
            "--name",
            metavar="N",
            default=DEFAULT_NAME,
            help=f"What will use it (default: {DEFAULT_NAME!r}).",
        )
        create.add_argument(
            "--scope",
            choices=Scope.values,
            default=Scope.READ,
            help="read (the default) or write (read and write).",
        )
        create.add_argument(
            "--expires-days",
            type=int,
            metavar="D",
            help=f"Days until it expires, 1 to {tokens.most_expiry_days()} "
            f"(default: {tokens.default_expiry_days()}; SOJOURN_TOKEN_DAYS and "
            "SOJOURN_TOKEN_MAX_DAYS set them).",
        )
        listing = actions.add_parser(
            "list",
            help="The person's tokens, newest first, with their last use; without USERNAME, "
            "everyone's tokens alive.",
        )
        listing.add_argument("username", metavar="USERNAME", nargs="?")
        revoke = actions.add_parser("revoke", help="Revoke one token, named by its prefix.")
        revoke.add_argument("username", metavar="USERNAME")
        revoke.add_argument(
            "--prefix", required=True, help="The token's first characters, as `list` shows them."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["action"] == "list" and options["username"] is None:
            self.list_everyone(now)
            return
        user = self._user(options["username"])
        if options["action"] == "create":
            self.create(user, now, options["name"], options["scope"], options["expires_days"])
        elif options["action"] == "list":
            self.list(user, now)
        else:
            self.revoke(user, now, options["prefix"])

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"USERNAME: there is no user named {username!r}.")
        return user

    def create(
        self, user: User, now: datetime.datetime, name: str, scope: str, days: int | None
    ) -> None:
        try:
            # The token is the person's; the audit trail records the command line made it.
            made = tokens.create_token(
                actor=None, user=user, name=name, scope=scope, expires_days=days, now=now
            )
        except InvalidInput as error:
            problems = [
                f"{OPTIONS.get(field, field)}: {text}" for field, text in error.errors.items()
            ]
            raise CommandError("\n".join(problems)) from None
        self.stdout.write(made.secret)
        self.stderr.write(
            f"Token {made.token.name!r} ({made.token.scope}) for {user.get_username()}, "
            f"expires {_when(made.token.expires_at)}. It is shown once: store it now."
        )

    def list(self, user: User, now: datetime.datetime) -> None:
        found = AccessToken.objects.filter(user=user).order_by("-created_at", "-id")
        self._table(found, now, owner=False)

    def list_everyone(self, now: datetime.datetime) -> None:
        alive = (
            AccessToken.objects.filter(revoked_at__isnull=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .select_related("user")
            .order_by("user__username", "-created_at", "-id")
        )
        self._table(alive, now, owner=True)

    def _table(self, found: Iterable[AccessToken], now: datetime.datetime, *, owner: bool) -> None:
        who = f"{'owner':20} " if owner else ""
        self.stdout.write(
            f"{who}{'prefix':12} {'scope':6} {'created':17} {'expires':17} {'last used':17} "
            f"{'from':16} {'state':25} name"
        )
        for token in found:
            who = f"{token.user.get_username():20} " if owner else ""
            self.stdout.write(
                f"{who}{token.prefix:12} {token.scope:6} {_when(token.created_at):17} "
                f"{_when(token.expires_at):17} {_when(token.last_used_at):17} "
                f"{token.last_used_from or '-':16} {_state(token, now):25} {token.name}"
            )

    def revoke(self, user: User, now: datetime.datetime, prefix: str) -> None:
        matches = list(AccessToken.objects.filter(user=user, prefix=prefix)[:2])
        if not matches:
            raise CommandError(
                f"--prefix: {user.get_username()} has no token {prefix!r} "
                f"(see `sojourn token list {user.get_username()}`)."
            )
        if len(matches) > 1:
            raise CommandError(f"--prefix: {prefix!r} names more than one token.")
        token = matches[0]
        if token.revoked_at is not None:
            self.stdout.write(f"Token {prefix} ({token.name!r}) was already revoked.")
            return
        tokens.revoke(token, actor=None, now=now)
        self.stdout.write(f"Token {prefix} ({token.name!r}) is revoked.")
