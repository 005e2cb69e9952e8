"""`sojourn tick [--now ISO-DATETIME]`: run one pass of every periodic job and exit."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sojourn.care.worker import PassResult, run_pass


def parse_now(value: str | None) -> datetime.datetime:
    if value is None:
        return timezone.now()
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--now must be an ISO date-time such as 2026-03-02T09:00+08:00, got {value!r}."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def describe(result: PassResult) -> str:
    counts = ", ".join(f"{name} {count}" for name, count in result.counts.items())
    return f"pass at {result.now.isoformat(timespec='minutes')}: {counts} ({result.seconds:.2f} s)"


class Command(BaseCommand):
    help = "Run one pass of every periodic job (transitions, reminders, escalations, delivery)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="Pretend it is this moment (ISO 8601), for simulations.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(describe(run_pass(parse_now(options["now"]))))
