"""The embedded default keeps var/ to its owner: the directory 0700, the SQLite files 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

SETTINGS = "sojourn.settings"
WRITE = (
    "import django; django.setup(); from django.db import connection; "
    "cursor = connection.cursor(); cursor.execute('CREATE TABLE t (x int)'); "
    "cursor.execute('INSERT INTO t VALUES (1)')"
)


def _start(var_dir: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SOJOURN_")}
    return subprocess.run(
        [sys.executable, "-c", WRITE],
        env={**clean, "SOJOURN_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": SETTINGS},
        capture_output=True,
        text=True,
        check=False,
        # The usual umask: without the fix, var/ would be 0755 and the database 0644.
        preexec_fn=lambda: os.umask(0o022),
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_var_is_created_for_its_owner_only(tmp_path):
    var_dir = tmp_path / "var"
    result = _start(var_dir)
    assert result.returncode == 0, result.stderr
    assert _mode(var_dir) == 0o700
    database = var_dir / "sojourn.sqlite3"
    assert _mode(database) == 0o600
    side_files = [path for path in var_dir.iterdir() if path.name.startswith("sojourn.sqlite3-")]
    assert all(_mode(path) == 0o600 for path in side_files)
    assert _mode(var_dir / "secret_key") == 0o600
    assert _mode(var_dir / "encryption_keys") == 0o600


def test_an_open_var_from_before_is_narrowed(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o755)
    database = var_dir / "sojourn.sqlite3"
    database.touch(mode=0o644)
    var_dir.chmod(0o755)
    database.chmod(0o644)

    result = _start(var_dir)

    assert result.returncode == 0, result.stderr
    assert _mode(var_dir) == 0o700
    assert _mode(database) == 0o600
