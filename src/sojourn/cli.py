"""The `sojourn` command: the project's manage.py, installed as a console script."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] in (["backup"], ["restore"]):
        # Without Django: loading the settings would generate keys into the var/ a restore
        # needs empty (sojourn.conf.restore).
        from sojourn.conf.restore import main as backup_main

        raise SystemExit(backup_main(arguments))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sojourn.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sojourn", *arguments])


if __name__ == "__main__":
    main()
