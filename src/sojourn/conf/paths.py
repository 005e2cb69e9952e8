"""Where the embedded default keeps its files, read from the environment as settings read it,
for the settings themselves and for `sojourn backup` / `sojourn restore`, which must not load
the settings (loading them generates keys into an empty var/)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sojourn.conf import env, private

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# var/'s key files, each the fallback of an environment variable (settings.py).
KEY_FILES: dict[str, str] = {
    "secret_key": "SOJOURN_SECRET_KEY",
    "encryption_keys": "SOJOURN_ENCRYPTION_KEYS",
    "audit_key": "SOJOURN_AUDIT_KEYS",
}
DATABASE_FILE = "sojourn.sqlite3"
ANCHOR_FILE = "audit-anchors.log"


def var_dir(environ: Mapping[str, str] | None = None) -> Path:
    default = str(PACKAGE_DIR.parents[1] / "var")
    return Path(env.get_str("SOJOURN_VAR_DIR", default, environ=environ)).resolve()


def database(var: Path, environ: Mapping[str, str] | None = None) -> dict[str, object]:
    return env.get_database("SOJOURN_DATABASE_URL", var / DATABASE_FILE, environ=environ)


def sqlite_database(var: Path, environ: Mapping[str, str] | None = None) -> Path | None:
    """The SQLite file of the database in use; None when it is PostgreSQL."""
    return private.sqlite_file(database(var, environ))


def anchor_file(var: Path, environ: Mapping[str, str] | None = None) -> Path:
    return Path(env.get_str("SOJOURN_AUDIT_ANCHOR_FILE", str(var / ANCHOR_FILE), environ=environ))


def anchor_copy(environ: Mapping[str, str] | None = None) -> Path | None:
    """A second anchor file (on another mount, say): published to and checked like the first."""
    copy = env.get_str("SOJOURN_AUDIT_ANCHOR_COPY", "", environ=environ)
    return Path(copy) if copy else None
