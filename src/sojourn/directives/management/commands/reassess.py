"""`sojourn reassess [--run ID]`: carry unfinished re-assessment runs to the end."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from sojourn.directives import reassess
from sojourn.directives.models import ReassessmentRun, RunStatus


class Command(BaseCommand):
    help = "Resume re-assessment runs that are pending, failed or stalled."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--run", type=int, help="Only this run.")

    def handle(self, *args: Any, **options: Any) -> None:
        runs = ReassessmentRun.objects.filter(~Q(status=RunStatus.DONE)).order_by("pk")
        if options["run"] is not None:
            runs = runs.filter(pk=options["run"])
            if not runs.exists():
                raise CommandError(f"--run {options['run']}: no unfinished run with that id.")
        for run in runs:
            done = reassess.resume(run, now=timezone.now(), progress=self._progress)
            self.stdout.write(
                f"run #{done.pk}: {done.status}, {done.processed}/{done.total} trips, "
                f"{done.changed} made stricter"
            )

    def _progress(self, run: ReassessmentRun) -> None:
        self.stdout.write(f"  run #{run.pk}: {run.processed}/{run.total} ({run.percent}%)")
