"""`sojourn assess --policy PACK_ID_OR_PATH --trip TRIP.json`: print the Assessment as JSON.

TRIP.json is the trip body `POST /api/v1/trips` takes, with the `traveller` ({positions,
sectors, home_country}) and the `reported_on` date added (trips/body.py); bad input exits 2
naming each field that is wrong by its path (`legs[0].ends_on`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sojourn.directives import registry
from sojourn.policy import Pack, PackError, assess, load_pack_file
from sojourn.trips import body
from sojourn.trips.errors import InvalidInput

BAD_INPUT = 2


def load_policy(reference: str) -> Pack:
    """A pack file, or the version of a pack id in force now (shipped or issued)."""
    path = Path(reference)
    try:
        if path.suffix in {".yaml", ".yml"} or path.exists():
            return load_pack_file(path)
        return registry.pack_of(registry.current_version(reference, timezone.now()))
    except PackError as error:
        problems = "\n".join(f"  {p.path}: {p.message}" for p in error.problems)
        raise CommandError(
            f"{reference} is not a valid policy pack:\n{problems}", returncode=BAD_INPUT
        ) from None
    except (LookupError, OSError) as error:
        raise CommandError(f"--policy {reference}: {error}", returncode=BAD_INPUT) from None


class Command(BaseCommand):
    help = "Assess a trip described in a JSON file under a policy pack; print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--policy",
            required=True,
            help="A pack id (e.g. seed-sensitive-tech) or the path of a pack YAML file.",
        )
        parser.add_argument("--trip", required=True, help="The trip as JSON (see the README).")

    def handle(self, *args: Any, **options: Any) -> None:
        pack = load_policy(options["policy"])
        try:
            data = json.loads(Path(options["trip"]).read_text())
        except OSError as error:
            raise CommandError(f"--trip: {error}", returncode=BAD_INPUT) from None
        except json.JSONDecodeError as error:
            raise CommandError(f"--trip: not valid JSON: {error}", returncode=BAD_INPUT) from None
        try:
            result = assess(pack, body.read_document(data))
        except InvalidInput as refused:
            refuse(refused.errors)
        self.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))


def refuse(errors: dict[str, str]) -> NoReturn:
    lines = "\n".join(f"{field}: {message}" for field, message in errors.items())
    raise CommandError(lines, returncode=BAD_INPUT) from None
