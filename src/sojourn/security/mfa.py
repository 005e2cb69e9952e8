"""Two-factor sign-in: a TOTP authenticator, and ten recovery codes that each work once.

Built on django-otp: its TOTP device refuses a code from a time step already used (no replay)
and throttles guesses. Recovery codes are kept as digests in django-otp's static tokens, so a
copy of the database does not hold usable codes; a code is deleted when it is used.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sojourn.audit import services as audit
from sojourn.people.access import role_of
from sojourn.people.models import Role

RECOVERY_CODES = 10
# Roles that must use a second factor whenever MFA is enforced.
PRIVILEGED = {Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR, Role.ADMIN}
DEVICE_NAME = "authenticator"


def enforced() -> bool:
    return settings.SOJOURN_MFA != "off"


def privileged(user: User) -> bool:
    """An officer, oversight, an auditor or an administrator."""
    return user.is_superuser or role_of(user) in PRIVILEGED


def required(user: User) -> bool:
    """Whether this person must pass a second factor before using Sojourn."""
    if settings.SOJOURN_MFA == "everyone":
        return True
    if settings.SOJOURN_MFA == "roles":
        return privileged(user)
    return False


def authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    count: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return count


def _digest(code: str) -> str:
    """What is stored for a recovery code (django-otp's token column holds 16 characters)."""
    normal = code.strip().replace("-", "").replace(" ", "").lower()
    return hashlib.sha256(normal.encode()).hexdigest()[:16]


def pending_authenticator(user: User) -> TOTPDevice:
    """The not-yet-confirmed device being set up (one at a time); a new one if none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32 in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no image request, no inline style)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def _new_codes() -> list[str]:
    return [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]


def _store_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = _new_codes()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_digest(c)) for c in codes)
    return codes


@transaction.atomic
def confirm(
    user: User, device: TOTPDevice, code: str, *, now: datetime.datetime
) -> list[str] | None:
    """The first code from the app proves the setup; answers the recovery codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(code.strip()):
        audit.record(actor=user, action="mfa.setup_failed", obj=user, at=now)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _store_codes(user)
    audit.record(actor=user, action="mfa.enrolled", obj=user, at=now)
    return codes


@transaction.atomic
def replace_recovery_codes(user: User, *, now: datetime.datetime) -> list[str]:
    codes = _store_codes(user)
    audit.record(actor=user, action="mfa.recovery_codes_replaced", obj=user, at=now)
    return codes


def verify(user: User, code: str, *, now: datetime.datetime) -> TOTPDevice | StaticDevice | None:
    """The device that accepts this code — the authenticator, or a recovery code (used up)."""
    code = code.strip()
    device = authenticator(user)
    if device is not None and code.isdigit() and device.verify_token(code):
        audit.record(actor=user, action="mfa.verified", obj=user, at=now)
        return device
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and not code.isdigit() and recovery.verify_token(_digest(code)):
        audit.record(
            actor=user,
            action="mfa.recovery_code_used",
            obj=user,
            at=now,
            data={"left": recovery_codes_left(user)},
        )
        return recovery
    audit.record(actor=user, action="mfa.failed", obj=user, at=now)
    return None


@transaction.atomic
def remove(user: User, *, actor: User, now: datetime.datetime) -> None:
    """Forget the authenticator and the recovery codes (a lost phone; set up again next)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(actor=actor, action="mfa.removed", obj=user, at=now)
