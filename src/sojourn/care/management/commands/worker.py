"""`sojourn worker [--interval SECONDS]`: run passes until SIGTERM or SIGINT."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sojourn.care.management.commands.tick import describe
from sojourn.care.worker import PassResult, Stopper, loop


class Command(BaseCommand):
    help = "Run the worker loop: a pass of every periodic job every --interval seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between passes (default 60)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options["interval"]
        if interval <= 0:
            raise CommandError(f"--interval must be more than 0 seconds, got {interval}.")
        stopper = Stopper()
        stopper.install()
        self.stdout.write(f"Sojourn worker: a pass every {interval:g} s; SIGTERM stops it.")
        self.stdout.flush()
        loop(interval=interval, stopper=stopper, clock=timezone.now, on_pass=self._report)
        self.stdout.write("Sojourn worker stopped.")

    def _report(self, result: PassResult) -> None:
        if result.total:
            self.stdout.write(describe(result))
            self.stdout.flush()
