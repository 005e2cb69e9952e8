"""Sealing a text: AES-256-GCM under a key of the keyring, bound to where the text is kept.

A sealed value is `v1:<key id>:<nonce and ciphertext, URL-safe base64>`. The key id says which
key opens it (rotation re-seals the values whose id is not the current one); the associated
data names the column (`app.model.field`), so a value copied into another column is refused
like a tampered one. The empty text is kept as it is: a blank note says nothing.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from sojourn.conf.errors import UnreadableValue
from sojourn.vault.keys import SETTING, Keyring

VERSION = "v1"
NONCE_BYTES = 12


class SealError(UnreadableValue):
    """A sealed value that cannot be opened: its key is missing or wrong, or it was altered."""


def keyring() -> Keyring:
    ring: Keyring = settings.SOJOURN_ENCRYPTION_KEYS
    return ring


def seal(text: str, *, place: str, ring: Keyring | None = None) -> str:
    """`text` sealed under the current key for the column `place`."""
    ring = ring or keyring()
    key_id = ring.current
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[key_id]).encrypt(nonce, text.encode(), _bound(place, key_id))
    token = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{VERSION}:{key_id}:{token}"


def key_id_of(value: str) -> str | None:
    """The id of the key a stored value was sealed under (None: not a sealed value)."""
    version, _, rest = value.partition(":")
    key_id, found, _ = rest.partition(":")
    return key_id if version == VERSION and found else None


def open_sealed(value: str, *, place: str, ring: Keyring | None = None) -> str:
    """The text of a sealed value; SealError names the setting when it cannot be opened."""
    ring = ring or keyring()
    key_id = key_id_of(value)
    if key_id is None:
        raise SealError(f"A value of {place} is not sealed: it was written around Sojourn.")
    key = ring.key(key_id)
    if key is None:
        raise SealError(
            f"A value of {place} is sealed under the key {key_id!r}, which {SETTING} does not "
            f"hold (it holds {', '.join(ring.keys)}): add that key back to {SETTING}."
        )
    token = value.split(":", 2)[2]
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _bound(place, key_id))
    except (InvalidTag, binascii.Error, ValueError):
        raise SealError(
            f"A value of {place} does not open with the key {key_id!r} of {SETTING}: the key "
            "is wrong or the value was altered."
        ) from None
    return plain.decode()


def _bound(place: str, key_id: str) -> bytes:
    return f"{VERSION}:{key_id}:{place}".encode()
