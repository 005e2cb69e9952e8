"""Typed readers for the environment.

Every setting Sojourn takes from the environment goes through one of these helpers, so a bad
value fails at start-up with an error naming the variable, never later with a puzzling crash.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    source = os.environ if environ is None else environ
    value = source.get(name)
    return None if value is None else value.strip()


def get_str(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None or value == "" else value


def get_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (one of 1/0, true/false, yes/no, on/off), got {value!r}."
    )


def get_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {number}.")
    return number


def get_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; blanks between commas are dropped."""
    value = _raw(name, environ)
    if value is None or value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def get_choice(
    name: str, default: str, choices: tuple[str, ...], *, environ: Mapping[str, str] | None = None
) -> str:
    value = get_str(name, default, environ=environ)
    if value not in choices:
        allowed = ", ".join(choices)
        raise ImproperlyConfigured(f"{name} must be one of {allowed}; got {value!r}.")
    return value


def get_time_zone(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    import zoneinfo

    value = get_str(name, default, environ=environ)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be an IANA time zone such as Europe/Paris or UTC, got {value!r}."
        ) from None
    return value


def get_database(
    name: str, default_sqlite_path: Path, *, environ: Mapping[str, str] | None = None
) -> dict[str, object]:
    """A Django DATABASES entry from a URL: sqlite:///path or postgresql://user:pw@host:port/db."""
    import dj_database_url

    value = get_str(name, "", environ=environ)
    if value == "":
        value = f"sqlite:///{default_sqlite_path}"
    scheme = value.split(":", 1)[0]
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must start with sqlite:/// or postgresql://, got scheme {scheme!r}."
        )
    try:
        config: dict[str, object] = dict(dj_database_url.parse(value))
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock when a transaction starts, so two writers never both
        # read a trip's version and then collide at commit; WAL lets readers go on meanwhile.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        # A database host that does not answer at all (not even a refusal) fails a connection,
        # and so a readiness probe, within 5 s rather than after TCP's minutes of retries.
        options = config.setdefault("OPTIONS", {})
        assert isinstance(options, dict)
        options.setdefault("connect_timeout", 5)
    # Keep a process's connection between requests (gunicorn's workers are processes, each with
    # its own): opening one costs more than many a request's queries, on SQLite too (its
    # connection runs the PRAGMAs above each time).
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    return config


MIN_SECRET_KEY_LENGTH = 50


def get_secret_key(
    name: str,
    *,
    production: bool,
    key_file: Path,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The secret key: from the environment, else (embedded default only) a generated file in var/.

    Production refuses to start without a strong key of its own.
    """
    value = get_str(name, "", environ=environ)
    if value:
        if production and (len(value) < MIN_SECRET_KEY_LENGTH or len(set(value)) < 5):
            raise ImproperlyConfigured(
                f"{name} is too weak for production: use at least {MIN_SECRET_KEY_LENGTH} random "
                "characters (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
            )
        return value
    if production:
        raise ImproperlyConfigured(
            f"{name} is required when SOJOURN_ENV=production; set it to at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters."
        )
    if key_file.exists():
        stored = key_file.read_text().strip()
        if stored:
            return stored
    key_file.parent.mkdir(parents=True, exist_ok=True)
    generated = secrets.token_urlsafe(64)
    key_file.write_text(generated + "\n")
    key_file.chmod(0o600)
    return generated


MIN_AUDIT_KEY_LENGTH = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def get_audit_keys(
    name: str,
    *,
    production: bool,
    key_file: Path,
    environ: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """The keys sealing the audit trail, newest first: `ID:SECRET,ID:SECRET`.

    Outside production, with none set, a key of the embedded default is generated once into
    `key_file` (id `local`). Production gets none unless set, and its system check refuses that.
    """
    value = get_str(name, "", environ=environ)
    if not value:
        return [] if production else [("local", _local_key(key_file))]
    keys: list[tuple[str, str]] = []
    for item in value.split(","):
        key_id, sep, secret = item.strip().partition(":")
        if not sep or not _KEY_ID.match(key_id) or len(secret) < MIN_AUDIT_KEY_LENGTH:
            raise ImproperlyConfigured(
                f"{name} must be ID:SECRET pairs, newest first, separated by commas (an id of "
                f"letters, digits, - or _; a secret of at least {MIN_AUDIT_KEY_LENGTH} random "
                "characters), got an entry that is not."
            )
        if key_id in {known for known, _secret in keys}:
            raise ImproperlyConfigured(f"{name} names the key id {key_id!r} twice.")
        keys.append((key_id, secret))
    return keys


def _local_key(key_file: Path) -> str:
    """The embedded default's audit key: created once (never replaced: the trail it sealed
    would no longer verify), readable by its owner only. Written whole to a scratch file, then
    linked into place, so a process starting beside another reads the one key or none."""
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    generated = secrets.token_urlsafe(48)
    scratch = key_file.with_name(f".{key_file.name}.{os.getpid()}.{secrets.token_hex(4)}")
    scratch.write_text(generated + "\n")
    scratch.chmod(0o600)
    try:
        os.link(scratch, key_file)
    except FileExistsError:
        return key_file.read_text().strip()
    finally:
        scratch.unlink()
    return generated
