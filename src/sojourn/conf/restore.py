"""`sojourn restore PATH`: a backup made by `sojourn backup` (sojourn.conf.backup) into an
empty var/, after checking every file against the manifest; and the command line of both."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from sojourn.conf import backup, paths, private
from sojourn.conf.backup import ANCHORS, DATABASE, FORMAT, MANIFEST, Places, Refused


def check(source: Path, environ: Mapping[str, str]) -> dict[str, Any]:
    """The backup's manifest, once every file it lists is there and matches it."""
    if not (source / MANIFEST).is_file():
        raise Refused(f"{source} is incomplete: it has no {MANIFEST} (a backup writes it last).")
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except ValueError as error:
        raise Refused(f"{source / MANIFEST} is not readable JSON: {error}") from None
    if manifest.get("format") != FORMAT:
        raise Refused(f"{source} is not a backup of this format ({FORMAT}).")
    files: dict[str, Any] = manifest.get("files", {})
    if DATABASE not in files:
        raise Refused(f"{source}'s manifest lists no {DATABASE}.")
    for name, expected in sorted(files.items()):
        _matches(source / name, expected)
    with closing(sqlite3.connect(source / DATABASE)) as copy:
        backup._check_integrity(copy, source / DATABASE)
    missing = [v for v in manifest.get("keys_from_environment", []) if not environ.get(v)]
    if missing:
        raise Refused(
            f"The backup was taken with {', '.join(missing)} from the environment, and it is not "
            "set now: set it to the same value, or the restored data does not open."
        )
    return manifest


def _matches(path: Path, expected: Mapping[str, Any]) -> None:
    if not path.is_file():
        raise Refused(f"{path} is missing: the backup is incomplete.")
    found = backup._fingerprint(path)
    if found != dict(expected):
        raise Refused(f"{path} does not match the manifest (sha256 or size): it is corrupt.")


def restore(source: Path, places: Places, environ: Mapping[str, str]) -> dict[str, Any]:
    manifest = check(source, environ)
    targets = _targets(manifest, places)
    _refuse_to_overwrite(places, targets.values())
    private.private_directory(places.var, tighten=True)
    for name, target in targets.items():  # the database last: a var/ with it is complete
        _place(source / name, target)
    return manifest


def _targets(manifest: Mapping[str, Any], places: Places) -> dict[str, Path]:
    targets = {name: places.var / name for name in paths.KEY_FILES if name in manifest["files"]}
    if ANCHORS in manifest["files"]:
        targets[ANCHORS] = places.anchors
    targets[DATABASE] = places.database
    return targets


def _refuse_to_overwrite(places: Places, targets: Any) -> None:
    sidecars = [Path(f"{places.database}{end}") for end in ("-wal", "-shm", "-journal")]
    taken = [t for t in [*targets, *sidecars] if t.exists() and t.stat().st_size > 0]
    if taken:
        names = ", ".join(str(t) for t in taken)
        raise Refused(
            f"Restore goes into an empty var/, and {names} exists: move it aside first "
            "(nothing was changed)."
        )


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.restoring-{os.getpid()}")
    shutil.copyfile(source, scratch)
    scratch.chmod(private.FILE_MODE)
    os.replace(scratch, target)


USAGE = "usage: sojourn backup PATH | sojourn restore PATH"


def main(argv: list[str], environ: Mapping[str, str] | None = None) -> int:
    """`sojourn backup PATH` / `sojourn restore PATH`; 0 done, 2 refused (the reason on
    stderr)."""
    environ = os.environ if environ is None else environ
    if len(argv) != 2 or argv[0] not in {"backup", "restore"} or argv[1].startswith("-"):
        print(USAGE, file=sys.stderr)
        return 2
    command, path = argv[0], Path(argv[1]).resolve()
    try:
        places = Places.of(environ)
        if command == "backup":
            manifest = backup.take(path, places, environ)
            print(f"Backed up {places.database} and var/ to {path}.")
        else:
            manifest = restore(path, places, environ)
            print(f"Restored {path} into {places.var}.")
    except Refused as refusal:
        print(f"sojourn {command}: refused: {refusal}", file=sys.stderr)
        return 2
    _report(manifest)
    return 0


def _report(manifest: Mapping[str, Any]) -> None:
    for name, file in sorted(manifest["files"].items()):
        print(f"  {name}  {file['bytes']} bytes  sha256 {file['sha256']}")
    for variable in manifest.get("keys_from_environment", []):
        print(f"  {variable}: from the environment, not in the backup; keep it with it.")
    if manifest.get("audit_head"):
        print(f"Audit head: {manifest['audit_head']} (sojourn audit verify --anchor it).")
