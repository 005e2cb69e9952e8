"""`sojourn backup PATH` and `sojourn restore PATH`: the embedded default's var/, whole.

A backup is a directory holding:

- `database.sqlite3`: a consistent copy of the SQLite database taken online with SQLite's
  backup API in one step (one read transaction: every transaction committed before it began is
  in, none committed after; writers go on meanwhile under WAL). A file copy is not: it can pair
  the database file with a WAL it no longer matches and lose committed trips and events;
- the key files of var/ (`secret_key`, `encryption_keys`, `audit_key`): without them the sealed
  columns do not open and the audit trail does not verify. A key set in the environment has no
  file: the manifest names its variable, and a restore refuses until it is set;
- `audit-anchors.log`, copied before the database, so every anchor in it is in the copy;
- `manifest.json`, written last: each file's sha256 and size, the versions, the time, the
  audit chain's head in the copy (`HASH:COUNT`, for `sojourn audit verify --anchor`).

The backup is assembled in a scratch directory beside PATH and renamed to PATH when complete,
so a PATH that exists is a finished backup. Neither command loads Django's settings (they
would generate keys into an empty var/); both refuse, exit 2 with the reason, to overwrite
anything, and a restore refuses a backup whose files do not match its manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import sys
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from sojourn.conf import paths, private

FORMAT = "sojourn-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
ANCHORS = "audit-anchors.log"


class Refused(Exception):
    """A backup or restore that would overwrite something, or restore something incomplete."""


@dataclass(frozen=True)
class Places:
    """Where the files of this deployment live (read from the environment)."""

    var: Path
    database: Path
    anchors: Path

    @classmethod
    def of(cls, environ: Mapping[str, str] | None = None) -> Places:
        var = paths.var_dir(environ)
        database = paths.sqlite_database(var, environ)
        if database is None:
            raise Refused(
                "SOJOURN_DATABASE_URL names PostgreSQL: back it up with pg_dump or a base "
                "backup with WAL archiving (docs/deploy.md, 'Backups and the restore drill')."
            )
        return cls(var=var, database=database, anchors=paths.anchor_file(var, environ))


def take(target: Path, places: Places, environ: Mapping[str, str]) -> dict[str, Any]:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Refused(f"{target} exists: a backup never overwrites; name a new directory.")
    if not places.database.exists() or places.database.stat().st_size == 0:
        raise Refused(f"There is no database to back up at {places.database}.")
    scratch = target.with_name(f".{target.name}.partial-{os.getpid()}")
    private.private_directory(scratch, tighten=True)
    try:
        if places.anchors.exists():  # before the database: its anchors are all in the copy
            shutil.copyfile(places.anchors, scratch / ANCHORS)
        for name in paths.KEY_FILES:
            if (places.var / name).exists():
                shutil.copyfile(places.var / name, scratch / name)
        _copy_database(places.database, scratch / DATABASE)
        manifest = _manifest(scratch, environ)
        _write(scratch / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        if target.exists():
            target.rmdir()  # empty, checked above
        scratch.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return manifest


def _copy_database(source: Path, copy: Path) -> None:
    """One step of the backup API: one read transaction, so a consistent snapshot."""
    reading = sqlite3.connect(source, timeout=60)
    writing = sqlite3.connect(copy)
    try:
        reading.backup(writing)
        writing.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        _check_integrity(writing, copy)
    finally:
        writing.close()
        reading.close()
    copy.chmod(private.FILE_MODE)


def _check_integrity(database: sqlite3.Connection, where: Path) -> None:
    found = database.execute("PRAGMA integrity_check").fetchone()
    if found is None or found[0] != "ok":
        raise Refused(f"{where} fails SQLite's integrity check: {found}")


def _manifest(directory: Path, environ: Mapping[str, str]) -> dict[str, Any]:
    files = sorted(p.name for p in directory.iterdir() if p.name != MANIFEST)
    return {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "versions": {
            "sojourn": _version("sojourn"),
            "django": _version("django"),
            "python": sys.version.split()[0],
            "sqlite": sqlite3.sqlite_version,
        },
        "files": {name: _fingerprint(directory / name) for name in files},
        "keys_from_environment": sorted(
            variable
            for name, variable in paths.KEY_FILES.items()
            if name not in files and environ.get(variable)
        ),
        "audit_head": _audit_head(directory / DATABASE),
    }


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def _fingerprint(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def _audit_head(database: Path) -> str:
    with closing(sqlite3.connect(database)) as reading:
        row = reading.execute(
            "SELECT hash, seq FROM audit_auditevent ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    return f"{row[0]}:{row[1]}" if row else ""


def _write(path: Path, text: str) -> None:
    with path.open("w") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
