"""The translation catalogues are compiled from their `.po` sources, never committed as `.mo`.

A binary catalogue in git cannot be merged and goes stale silently; `make`, the test session and
`sojourn serve` call `compile_stale()`, which writes each `django.mo` whose `.po` is newer (or
whose `.mo` is missing). `python -m sojourn.conf.messages` does the same from a shell.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def stale_catalogues(locale: Path = LOCALE) -> list[Path]:
    """The `.po` files whose compiled `.mo` is missing or older than they are."""
    stale = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(po)
    return stale


def compile_stale(locale: Path = LOCALE) -> list[Path]:
    """Compile every stale catalogue under `locale`; returns the `.mo` files written."""
    written = []
    for po in stale_catalogues(locale):
        mo = po.with_suffix(".mo")
        # Written beside and renamed, so a process reading the catalogue never sees half a file.
        partial = mo.with_suffix(".mo.partial")
        polib.pofile(str(po)).save_as_mofile(str(partial))
        partial.replace(mo)
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_stale():
        print(f"compiled {path}", file=sys.stderr)
