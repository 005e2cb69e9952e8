"""`sojourn demo`: load the demo world (organisations, people, trips in every state)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sojourn.demo.world import DemoConflict, load_demo, login_table


def parse_now(value: str | None) -> datetime.datetime:
    """`--now` as an aware datetime; a naive one is read in the deployment's time zone."""
    if value is None:
        return timezone.now()
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(
            f"--now: {value!r} is not an ISO date and time such as 2026-03-02T09:00:00+08:00."
        )
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class Command(BaseCommand):
    help = (
        "Load the demo world: four organisations, their people and trips in every state, built "
        "through the services. Running it again changes nothing. Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            metavar="ISO-DATETIME",
            help="The moment the stories are told relative to (default: the current time).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Refusing to load the demo world: SOJOURN_ENV is production. "
                "The demo is for local use only."
            )
        now = parse_now(options["now"])
        try:
            result = load_demo(now)
        except DemoConflict as error:
            raise CommandError(str(error)) from None
        if result.changed:
            self.stdout.write(f"Loaded the demo world as of {now.isoformat(timespec='minutes')}:")
            for item in result.created:
                self.stdout.write(f"  created {item}")
        else:
            self.stdout.write("Nothing changed: the demo world is already loaded.")
        for line in login_table(result):
            self.stdout.write(line)
