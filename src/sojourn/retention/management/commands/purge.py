"""`sojourn purge [--dry-run] [--now ISO-DATETIME]`: the retention pass, now.

The worker runs it in every pass; this runs it once, or with --dry-run says what would go
(counts by kind and organisation, never a value) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sojourn.care.management.commands.tick import parse_now
from sojourn.retention.job import Found, run


def describe(found: list[Found], *, dry_run: bool) -> list[str]:
    verb = "would purge" if dry_run else "purged"
    if not found:
        return [f"nothing to purge{' (dry run)' if dry_run else ''}"]
    return [
        f"{verb} {item.count} {item.what}"
        + (f" of {item.organisation.slug}" if item.organisation is not None else "")
        for item in found
    ]


class Command(BaseCommand):
    help = "Purge what has outlived its retention period (--dry-run: only say what would go)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; change nothing."
        )
        parser.add_argument("--now", help="Pretend it is this moment (ISO 8601), for simulations.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        found = run(parse_now(options["now"]), apply=not dry_run)
        for line in describe(found, dry_run=dry_run):
            self.stdout.write(line)
