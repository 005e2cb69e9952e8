"""`sojourn vault new-key | status | rekey`: the keys that seal personal data at rest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sojourn.vault.census import stale, unopenable
from sojourn.vault.keys import SETTING, new_key
from sojourn.vault.rekey import rekey
from sojourn.vault.seal import keyring


class Command(BaseCommand):
    help = "Print a new key, report which keys sealed the stored values, or re-seal them now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["new-key", "status", "rekey"])

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "new-key":
            self.stdout.write(new_key())
        elif action == "status":
            self._status()
        else:
            count = rekey(timezone.now(), lambda: False)
            self.stdout.write(f"Re-sealed {count} value(s) under the key {keyring().current!r}.")

    def _status(self) -> None:
        ring = keyring()
        self.stdout.write(
            f"{SETTING}: sealing with {ring.current!r}; opening {', '.join(ring.keys)}"
        )
        lost = unopenable()
        for place, count in stale().items():
            self.stdout.write(f"{place}: {count} under an older key, {lost[place]} unopenable")
        if not any(stale().values()):
            self.stdout.write("Every value is under the current key: older keys can be dropped.")
