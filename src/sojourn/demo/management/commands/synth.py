"""`sojourn synth`: fill an empty database with a large synthetic world, fast."""

from __future__ import annotations

import datetime
import hashlib
import sys
import time
from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sojourn.demo.management.commands.demo import parse_now
from sojourn.synth import people
from sojourn.synth.progress import Progress
from sojourn.synth.world import NotEmpty, Options, Summary, run

# A shared load-test password is checked on every sign-in: a few PBKDF2 rounds keep that cheap
# (Django upgrades the hash to the configured hasher at the first sign-in of each account).
LOAD_TEST_ITERATIONS = 1000


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic world for scale and load tests: organisations "
        "following the shipped policy packs, their people, and years of trips in every state "
        "with legs, meetings, reviews, check-ins, debriefs and invitations, each assessed by the "
        "policy engine. Rows are written in bulk (COPY on PostgreSQL) in one transaction. "
        "Synthetic history writes NO audit events and no notifications. The same --seed and "
        "--now give the same rows. Accounts cannot sign in unless --password-stdin gives them "
        "one shared password. Refuses a database that already has trips unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--orgs", type=int, default=20, help="organisations (default 20)")
        parser.add_argument(
            "--people", type=int, default=2000, help="people in all (default 2,000)"
        )
        parser.add_argument("--trips", type=int, default=20000, help="trips (default 20,000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=20000,
            help="trips generated and written at a time (default 20,000); rows do not depend on it",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=5,
            help="years of history the trips are spread over, before --now (default 5)",
        )
        parser.add_argument(
            "--now",
            metavar="ISO-DATETIME",
            help="the moment the world is as of (default: noon UTC today)",
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read one password from stdin and give it to every account (load tests only)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="add a world to a database that already has trips (keys continue after theirs)",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress on stderr")

    def handle(self, *args: Any, **options: Any) -> None:
        organisations, people_count, trips = options["orgs"], options["people"], options["trips"]
        _check_sizes(organisations, people_count, trips, options["batch_size"])
        if options["years"] < 1:
            raise CommandError("--years: give 1 or more.")
        now = _noon_today() if options["now"] is None else parse_now(options["now"])
        password = _shared_password(options["seed"]) if options["password_stdin"] else None
        settings = Options(
            organisations=organisations,
            people=people_count,
            trips=trips,
            seed=options["seed"],
            now=now,
            batch_size=options["batch_size"],
            years=options["years"],
            password=password,
        )
        progress = Progress(None if options["quiet"] else self._progress, live=self.stderr.isatty())
        started = time.perf_counter()
        try:
            summary = run(settings, force=options["force"], progress=progress)
        except NotEmpty as error:
            raise CommandError(str(error)) from None
        for line in report(summary, now, time.perf_counter() - started):
            self.stdout.write(line)

    def _progress(self, text: str) -> None:
        self.stderr.write(text, ending="")
        self.stderr.flush()


def _check_sizes(organisations: int, people_count: int, trips: int, batch_size: int) -> None:
    if organisations < 1:
        raise CommandError("--orgs: give at least 1 organisation.")
    oversight, auditors = people.authority_size(people_count)
    least = 3 * organisations + oversight + auditors
    if people_count < least:
        raise CommandError(
            f"--people: {organisations} organisations need at least {least} people "
            f"(3 each, and {oversight + auditors} in the authority)."
        )
    if trips < 0:
        raise CommandError("--trips: give 0 or more trips.")
    if batch_size < 1:
        raise CommandError("--batch-size: give 1 or more.")


def _noon_today() -> datetime.datetime:
    today = timezone.now().astimezone(datetime.UTC).date()
    return datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)


def _shared_password(seed: int) -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError("--password-stdin: stdin gave no password (one line expected).")
    salt = hashlib.sha256(f"sojourn-synth-{seed}".encode()).hexdigest()[:22]
    return PBKDF2PasswordHasher().encode(password, salt, iterations=LOAD_TEST_ITERATIONS)


def report(summary: Summary, now: datetime.datetime, seconds: float) -> list[str]:
    lines = [f"Synthetic world as of {now.isoformat(timespec='minutes')}, in {seconds:.1f} s:"]
    lines += [f"  {table:<24} {count:>12,}" for table, count in summary.rows.items()]
    lines.append("Trips by status: " + ", ".join(f"{k} {v:,}" for k, v in summary.statuses.items()))
    lines.append(
        f"Assessments: {summary.evaluated:,} evaluated by the engine, {summary.reused:,} reused."
    )
    lines.append("Seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in summary.seconds.items()))
    lines.append(
        "Writing (alongside): "
        + ", ".join(f"{k} {v:.1f}" for k, v in summary.writing.items())
        + f"; the generator waited {summary.waited:.1f} s for the writer."
    )
    return lines
