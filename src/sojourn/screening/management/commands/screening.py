"""`sojourn screening import FILE --list ID --format csl|csv --as-of DATE` and
`sojourn screening lists`."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sojourn.directives import reassess
from sojourn.screening import rescreen
from sojourn.screening.importing import ImportRefused, import_snapshot
from sojourn.screening.models import ListFormat, ListSnapshot

BAD_INPUT = 2


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--as-of: {text!r} is not a date (YYYY-MM-DD)", returncode=BAD_INPUT
        ) from None


class Command(BaseCommand):
    help = "Import a restricted-party list as a dated snapshot, or list the snapshots."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="Load a list file as a new snapshot.")
        load.add_argument("file")
        load.add_argument("--list", required=True, dest="list_id", help="the list's id")
        load.add_argument("--format", required=True, choices=ListFormat.values)
        load.add_argument("--as-of", required=True, help="the date the file is true of")
        load.add_argument("--name", default="", help="the list's name (first import: its id)")
        load.add_argument("--threshold", type=int, help="the lowest score (0-100) that is a hit")
        actions.add_parser("lists", help="Every snapshot, newest first per list.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.load(options)
        else:
            self.lists()

    def load(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=BAD_INPUT)
        threshold = options["threshold"]
        if threshold is not None and not 0 < threshold <= 100:
            raise CommandError("--threshold: give a score from 1 to 100", returncode=BAD_INPUT)
        now = timezone.now()
        try:
            snapshot = import_snapshot(
                path,
                list_id=options["list_id"],
                format=options["format"],
                as_of=_date(options["as_of"]),
                now=now,
                name=options["name"],
                threshold=threshold,
            )
        except ImportRefused as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        self.stdout.write(
            f"{snapshot}: {snapshot.row_count} entries from {snapshot.source} "
            f"(sha256 {snapshot.sha256})"
        )
        run = reassess.resume(rescreen.after_import(now=now), now=now)
        self.stdout.write(
            f"Screened again: {run.processed} open trips re-assessed, {run.changed} stricter."
        )

    def lists(self) -> None:
        self.stdout.write(f"{'snapshot':32} {'rows':>7} {'imported':17} source")
        for snapshot in ListSnapshot.objects.select_related("screening_list"):
            self.stdout.write(
                f"{snapshot!s:32} {snapshot.row_count:>7} {snapshot.imported_at:%Y-%m-%d %H:%M} "
                f"{snapshot.source}"
            )
