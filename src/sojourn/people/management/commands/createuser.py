"""`sojourn createuser`: a login with its Sojourn profile, and its organisation if it is new.

(Django's own `createsuperuser` makes an account without a profile; this is the Sojourn one.)
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from sojourn.people.models import Organisation, Position, Role, Sector
from sojourn.people.services import InvalidField, create_person, ensure_organisation

# Which option to blame for each field the services refuse.
ORGANISATION_OPTIONS = {
    "slug": "--org",
    "name": "--org-name",
    "sectors": "--org-sector",
}
PERSON_OPTIONS = {
    "username": "USERNAME",
    "role": "--role",
    "position": "--position",
    "sectors": "--sector",
    "email": "--email",
    "first_name": "--first-name",
    "last_name": "--last-name",
    "password": "--password-stdin",
    "language": "--language",
}


def _refusal(error: InvalidField, options: dict[str, str]) -> CommandError:
    return CommandError(f"{options.get(error.field, error.field)}: {error.message}")


class Command(BaseCommand):
    help = (
        "Create a Sojourn user with a role in an organisation (created if it does not exist). "
        "Without --password-stdin the account has no usable password until one is set with "
        "`sojourn changepassword`."
    )
    # Tests hand in a stdin of their own, as Django's createsuperuser allows.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The login name, e.g. alice.")
        parser.add_argument("--role", required=True, help=f"One of: {', '.join(Role.values)}.")
        parser.add_argument(
            "--org", required=True, metavar="SLUG", help="The organisation's slug, e.g. lab."
        )
        parser.add_argument(
            "--org-name", help="The organisation's name, if it is created (default: the slug)."
        )
        parser.add_argument(
            "--org-sector",
            action="append",
            default=[],
            metavar="SECTOR",
            help=f"A sector of the organisation, if it is created; repeat for several. "
            f"One of: {', '.join(Sector.values)}.",
        )
        parser.add_argument(
            "--position",
            default=Position.STAFF.value,
            help=f"One of: {', '.join(Position.values)} (default: staff).",
        )
        parser.add_argument(
            "--sector",
            action="append",
            default=[],
            metavar="SECTOR",
            help="A sector the person works in; repeat for several.",
        )
        parser.add_argument("--email", default="", help="Where notifications go.")
        parser.add_argument(
            "--language",
            default="",
            choices=["en", "zh-hans"],
            help="The person's language (default: none chosen, so pages follow the browser).",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(options) if options["password_stdin"] else None
        now = timezone.now()
        with transaction.atomic():
            try:
                organisation, created = ensure_organisation(
                    slug=options["org"],
                    name=options["org_name"],
                    sectors=options["org_sector"],
                    now=now,
                )
            except InvalidField as error:
                raise _refusal(error, ORGANISATION_OPTIONS) from None
            try:
                user = create_person(
                    username=options["username"],
                    role=options["role"],
                    organisation=organisation,
                    position=options["position"],
                    sectors=options["sector"],
                    email=options["email"],
                    password=password,
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    language=options["language"],
                    now=now,
                )
            except InvalidField as error:
                # Nothing is kept: the organisation goes too if it was new.
                raise _refusal(error, PERSON_OPTIONS) from None
        if created:
            sectors = ", ".join(organisation.sectors) or "none"
            self.stdout.write(f"Created organisation {organisation.slug} (sectors: {sectors})")
        else:
            self._report_ignored(organisation, options)
        self.stdout.write(f"Created {options['role']} {user.username} in {organisation.slug}")
        if password is None:
            self.stdout.write(
                f"{user.username} has no password yet: set one with "
                f"`sojourn changepassword {user.username}`."
            )

    def _password(self, options: dict[str, Any]) -> str:
        stdin: TextIO = options.get("stdin") or sys.stdin
        line = stdin.readline().rstrip("\r\n")
        if not line:
            raise CommandError("--password-stdin: standard input held no password.")
        return line

    def _report_ignored(self, organisation: Organisation, options: dict[str, Any]) -> None:
        """An existing organisation is never changed here; say so when the options differ."""
        wanted = options["org_sector"]
        if wanted and set(wanted) != set(organisation.sectors):
            have = ", ".join(organisation.sectors) or "none"
            self.stdout.write(
                f"Organisation {organisation.slug} exists with sectors: {have}; left as it is "
                f"(--org-sector {', '.join(wanted)} ignored)."
            )
        name = options["org_name"]
        if name and name != organisation.name:
            self.stdout.write(
                f"Organisation {organisation.slug} exists with the name {organisation.name!r}; "
                f"left as it is (--org-name ignored)."
            )
