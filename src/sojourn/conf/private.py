"""The embedded default's files are the owner's alone: `var/` is 0700, the SQLite file 0600.

The SQLite database holds everything (sealed or not), the secret key and the development
encryption key live beside it: another account on the machine must not read them. Settings call
these before anything opens the database, so SQLite creates its `-wal` and `-shm` files with the
database file's own mode.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def private_directory(path: Path, *, tighten: bool) -> None:
    """Create `path` 0700; with `tighten`, also narrow one that exists and is ours."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=DIRECTORY_MODE, exist_ok=True)
        path.chmod(DIRECTORY_MODE)  # mkdir's mode is masked by the umask
        return
    if tighten:
        _narrow(path, DIRECTORY_MODE)


def private_file(path: Path) -> None:
    """Create `path` empty and 0600 unless it exists; narrow it (and SQLite's side files)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if candidate.exists():
            _narrow(candidate, FILE_MODE)


def _narrow(path: Path, mode: int) -> None:
    info = path.stat()
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & ~mode:
        path.chmod(mode)


def sqlite_file(database: dict[str, object]) -> Path | None:
    """The file of a SQLite database setting (None: not SQLite, or in memory)."""
    name = str(database.get("NAME") or "")
    if database.get("ENGINE") != "django.db.backends.sqlite3" or name in {"", ":memory:"}:
        return None
    if name.startswith("file:"):
        return None
    return Path(name)
