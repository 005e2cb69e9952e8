"""`sojourn policy validate PATH | list | whatif PATH [--json]`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sojourn.directives import registry, whatif
from sojourn.directives.models import PolicyVersion
from sojourn.people.models import Organisation
from sojourn.policy import PackError, load_pack_file

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Validate a policy pack, list the policy versions, or preview a pack on open trips."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        validate = actions.add_parser("validate", help="Check a pack file; list every problem.")
        validate.add_argument("path")
        actions.add_parser("list", help="Every policy version and who follows each pack.")
        whatif = actions.add_parser("whatif", help="How open trips would change under a pack.")
        whatif.add_argument("path")
        whatif.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "validate":
            self.validate(path=options["path"])
        elif options["action"] == "list":
            self.list()
        else:
            self.whatif(path=options["path"], json=options["json"])

    def _load(self, path: str) -> Any:
        try:
            return load_pack_file(Path(path))
        except PackError as error:
            lines = [f"{path}: {len(error.problems)} problem(s)"]
            # Each problem with its line and column when the engine knows them.
            lines += [f"  {problem}" for problem in error.problems]
            raise CommandError("\n".join(lines), returncode=BAD_INPUT) from None
        except OSError as error:
            raise CommandError(f"{path}: {error}", returncode=BAD_INPUT) from None

    def validate(self, *, path: str, **_: Any) -> None:
        pack = self._load(path)
        self.stdout.write(f"{path}: valid pack {pack.ref} ({pack.title})")

    def list(self, **_: Any) -> None:
        now = timezone.now()
        self.stdout.write(f"{'policy':32} {'effective from':17} {'issued by':14} title")
        for version in PolicyVersion.objects.select_related("issued_by"):
            issuer = (
                "shipped"
                if version.shipped
                else (version.issued_by.get_username() if version.issued_by else "—")
            )
            self.stdout.write(
                f"{version.ref:32} {version.effective_from:%Y-%m-%d %H:%M} {issuer:14} "
                f"{version.title}"
            )
        self.stdout.write("")
        for organisation in Organisation.objects.all():
            pack_id = registry.pack_id_for(organisation)
            try:
                ref = registry.current_version(pack_id, now).ref
            except LookupError:
                ref = f"{pack_id} (unknown!)"
            self.stdout.write(f"{organisation.slug} follows {ref}")

    def whatif(self, *, path: str, json: bool = False, **_: Any) -> None:
        pack = self._load(path)
        report = whatif.whatif(pack, now=timezone.now())
        if json:
            self.stdout.write(_json(report))
            return
        self.stdout.write(
            f"{report.policy} over {report.scope}: {report.examined} open trips examined, "
            f"{report.tier_changes} change tier, {report.route_changes} change route, "
            f"{report.approval_changes} change their approval chain, "
            f"{report.stricter} become stricter."
        )
        for row in report.rows:
            mark = "stricter" if row.stricter else "looser"
            self.stdout.write(
                f"  #{row.trip_id} {row.title} ({row.organisation['name']}): {row.old_tier}/"
                f"{row.old_route} → {row.new_tier}/{row.new_route} "
                f"(approvals {'→'.join(row.old_approvals) or '—'} ⇒ "
                f"{'→'.join(row.new_approvals) or '—'}) [{mark}]"
            )


def _json(report: whatif.WhatIfReport) -> str:
    return json.dumps(dataclasses.asdict(report), indent=2, ensure_ascii=False)
