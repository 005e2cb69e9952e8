"""The keys that seal personal data at rest, read from the environment.

`SOJOURN_ENCRYPTION_KEYS` is a comma-separated list of `id:key` pairs, the newest first: the
first seals every value written; every key listed opens the values sealed under it. A key is 32
random bytes in URL-safe base64 (`sojourn vault new-key` prints one). Rotation: put a new key
first, keep the old ones after it until `sojourn vault rekey` (or the worker) has re-sealed every
row under the new one, then drop them.

Outside production an unset variable falls back to a key generated into `var/encryption_keys`
(the development default); production refuses to start without the variable.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

SETTING = "SOJOURN_ENCRYPTION_KEYS"
KEY_BYTES = 32
KEY_ID = re.compile(r"^[a-z0-9]{1,16}$")


@dataclass(frozen=True)
class Keyring:
    """The keys by id, and the id of the one that seals (the first listed)."""

    current: str
    keys: Mapping[str, bytes]
    from_environment: bool = True

    def key(self, key_id: str) -> bytes | None:
        return self.keys.get(key_id)


def as_setting(ring: Keyring) -> str:
    """The keyring spelt as the variable takes it (to hand to a child process)."""
    return ",".join(
        f"{key_id}:{base64.urlsafe_b64encode(key).decode()}" for key_id, key in ring.keys.items()
    )


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def parse(value: str, *, name: str = SETTING) -> Keyring:
    """A keyring from `id:key,id:key`; an error names the variable and what is wrong."""
    pairs = [item.strip() for item in value.split(",") if item.strip()]
    if not pairs:
        raise ImproperlyConfigured(f"{name} holds no key; give at least one as id:key.")
    keys: dict[str, bytes] = {}
    for pair in pairs:
        key_id, _, encoded = pair.partition(":")
        if not KEY_ID.match(key_id) or not encoded:
            raise ImproperlyConfigured(
                f"{name}: each entry is id:key with an id of 1 to 16 lower-case letters or "
                f"digits, such as k2:{new_key()}; got an entry starting {pair[:4]!r}."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"{name} lists the key id {key_id!r} twice.")
        keys[key_id] = _decode(encoded, key_id=key_id, name=name)
    return Keyring(current=pairs[0].partition(":")[0], keys=keys)


def _decode(encoded: str, *, key_id: str, name: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(encoded.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{name}: the key {key_id!r} must be {KEY_BYTES} random bytes in URL-safe base64 "
            f"(44 characters, e.g. {new_key()}); this one is not."
        )
    return raw


def from_environment(
    *, production: bool, key_file: Path, environ: Mapping[str, str] | None = None
) -> Keyring:
    """The keyring of this process: the variable, else (never in production) the dev default."""
    source = os.environ if environ is None else environ
    value = source.get(SETTING, "").strip()
    if value:
        return parse(value)
    if production:
        raise ImproperlyConfigured(
            f"{SETTING} is required when SOJOURN_ENV=production: personal data is sealed at rest "
            f"with it. Set it to id:key, e.g. {SETTING}=k1:{new_key()} (keep it outside the "
            "database and its backups)."
        )
    return _development_keys(key_file)


def _development_keys(key_file: Path) -> Keyring:
    if not key_file.exists():
        _write_once(key_file, f"dev:{new_key()}\n")
    ring = parse(key_file.read_text().strip(), name=f"{SETTING} (from {key_file})")
    return Keyring(current=ring.current, keys=ring.keys, from_environment=False)


def _write_once(path: Path, text: str) -> None:
    """Write a private file unless it exists; two processes starting together keep one key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as stream:
        stream.write(text)
    try:
        os.link(draft, path)  # atomic: fails if another process wrote it first
    except FileExistsError:
        pass
    finally:
        draft.unlink()
