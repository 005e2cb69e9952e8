"""`sojourn audit verify [--anchor HASH:COUNT]` and `sojourn audit head`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sojourn.audit import anchors, services
from sojourn.audit.record_check import verify_records


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain, or print its head to record elsewhere."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser(
            "verify", help="Walk the whole chain; exit 1 naming the first broken event."
        )
        verify.add_argument(
            "--anchor",
            metavar="HASH:COUNT",
            help="A head recorded earlier: also prove nothing up to it changed.",
        )
        verify.add_argument(
            "--records",
            action="store_true",
            help=(
                "Also recompute the digest of every audited record and name each one changed "
                "or deleted outside Sojourn since its last audited write."
            ),
        )
        actions.add_parser(
            "head", help="Print HASH:COUNT of the latest event, to be recorded outside Sojourn."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "head":
            self.stdout.write(str(services.chain_head()))
            return
        anchor = None
        if options["anchor"]:
            try:
                anchor = services.parse_anchor(options["anchor"])
            except ValueError as exc:
                raise CommandError(f"--anchor: {exc}") from exc
        report = services.verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit trail BROKEN at event #{report.first_bad_seq}: {report.problem} "
                f"({report.checked} events verified before it)"
            )
        if anchor is not None:
            problem = services.check_anchor(anchor)
            if problem:
                raise CommandError(f"audit trail does not match the anchor: {problem}")
        held = self._published()
        head = services.chain_head()
        anchored = f"; anchor {anchor} holds" if anchor is not None else ""
        published = f"; {held} published anchors hold" if held else ""
        self.stdout.write(
            f"audit trail OK: {report.checked} events, head {head}{published}{anchored}"
        )
        if options["records"]:
            self._records()

    def _published(self) -> int:
        """Check the trail against every anchor the worker published (truncation shows here)."""
        try:
            held, broken, path = anchors.check_files()
        except ValueError as exc:
            raise CommandError(f"published anchors: {exc}") from exc
        if broken is not None:
            raise CommandError(f"audit trail does not match a published anchor ({path}): {broken}")
        return held

    def _records(self) -> None:
        report = verify_records()
        if not report.ok:
            named = [f"{name} (changed)" for name in report.changed]
            named += [f"{name} (deleted)" for name in report.deleted]
            named += [f"{name} (no audited write)" for name in report.inserted]
            raise CommandError(
                f"{len(named)} audited records changed outside Sojourn since their last audited "
                f"write, or inserted outside it: {', '.join(named)}"
            )
        self.stdout.write(
            f"audited records OK: {report.checked} checked, each as its last audited write left "
            f"it ({report.unvouched} not yet vouched for by any audited write: older than "
            f"digests; {report.synthetic} written by sojourn synth, in bulk without one; "
            f"{report.earlier} as an earlier definition of their audited state saw them, until "
            "their next audited write)"
        )
