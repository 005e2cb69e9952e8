"""Strong identifiers read into one form, so one address written two ways is one identifier, and
the keyed fingerprints matching looks them (and blocking keys) up by.

An e-mail is lower-cased and trimmed; a phone is parsed with `phonenumbers` (a number without
its country code is read in the contact's country) and kept in E.164; a handle is
`platform:name`, lower-cased, without a leading @.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from django.utils.crypto import salted_hmac

from sojourn.contacts.models import IdentifierKind

FINGERPRINT_SALT = "sojourn.contacts.fingerprint"


class InvalidIdentifier(ValueError):
    """An identifier that cannot be read: `code` names what is wrong."""

    def __init__(self, kind: str, code: str) -> None:
        super().__init__(f"{kind}: {code}")
        self.kind = kind
        self.code = code


@dataclass(frozen=True)
class StrongIdentifier:
    kind: IdentifierKind
    value: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(f"{self.kind}:{self.value}")


def fingerprint(text: str) -> str:
    """A keyed digest of `text` (the deployment's secret key): equal texts, equal fingerprints,
    and nothing of the text readable from it."""
    return salted_hmac(FINGERPRINT_SALT, text, algorithm="sha256").hexdigest()[:32]


def email(text: str) -> StrongIdentifier:
    value = text.strip().lower()
    local, at, domain = value.partition("@")
    if not (local and at and "." in domain) or " " in value:
        raise InvalidIdentifier("email", "invalid_email")
    return StrongIdentifier(IdentifierKind.EMAIL, value)


def phone(text: str, *, country: str = "") -> StrongIdentifier:
    try:
        number = phonenumbers.parse(text, country.upper() or None)
    except phonenumbers.NumberParseException as error:
        raise InvalidIdentifier("phone", "invalid_phone") from error
    if not phonenumbers.is_possible_number(number):
        raise InvalidIdentifier("phone", "invalid_phone")
    value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return StrongIdentifier(IdentifierKind.PHONE, value)


def handle(text: str) -> StrongIdentifier:
    platform, colon, name = text.strip().lower().partition(":")
    name = name.strip().lstrip("@")
    if not (colon and platform.strip() and name) or " " in name:
        raise InvalidIdentifier("handle", "invalid_handle")
    return StrongIdentifier(IdentifierKind.HANDLE, f"{platform.strip()}:{name}")


def read_all(
    *, emails: list[str], phones: list[str], handles: list[str], country: str = ""
) -> list[StrongIdentifier]:
    """Every identifier given, read; blanks are skipped, the first unreadable one raises."""
    found = [email(text) for text in emails if text.strip()]
    found += [phone(text, country=country) for text in phones if text.strip()]
    found += [handle(text) for text in handles if text.strip()]
    return list(dict.fromkeys(found))
