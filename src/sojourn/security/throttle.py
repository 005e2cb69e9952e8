"""Sign-in throttling that a stranger cannot turn into a way of keeping someone out.

Three limits, each counted over failed sign-ins (SignInAttempt):
- **the pair** of a name and an address: SOJOURN_LOGIN_FAILURE_LIMIT failures within
  `WINDOW` refuse that name from that address until the window has passed;
- **the address**, whatever the names: a higher SOJOURN_LOGIN_ADDRESS_FAILURE_LIMIT;
- **the name**, from every address: never locked, but slowed. Past the pair's limit within
  `NAME_WINDOW`, each further attempt waits twice as long after the last failure as the one
  before (1 s, 2 s, 4 s … at most `MOST_DELAY`).

A stranger guessing from elsewhere slows the name down, but the person still signs in: from an
address they signed in from within `KNOWN_FOR`, or from a device they did (the browser keeps a
signed cookie, sojourn.security.devices: a laptop on a hotel's network is still known), the
name's delay does not apply; and while it applies a right password of a person with a verified
second factor goes through (the factor is asked next). A device stops being known for a name
once `pair_limit()` wrong passwords for it came from that device within `WINDOW` (a stolen cookie
gives no way round the delay). A browser neither known nor with a second factor gets the
name-wide delay. When a privileged account's name reaches `alert_at()` failures, the account's owner
and oversight are told, once per `NAME_WINDOW` (the attack window: the audit event
`auth.under_attack` records each alert; the outbox is above this app and listens to the
`under_attack` signal). The worker forgets attempts once no window needs them (`forget_old`).

The password is read only when no lock applies; an attempt refused by the name's delay is not
counted, except a wrong password for a name with a second factor (which could have got in).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone

from sojourn.audit import services as audit
from sojourn.audit.models import AuditEvent
from sojourn.conf.jobs import Stop
from sojourn.security import devices
from sojourn.security.clients import client_address
from sojourn.security.models import SignInAttempt

WINDOW = datetime.timedelta(minutes=15)
NAME_WINDOW = datetime.timedelta(hours=1)
MOST_DELAY = datetime.timedelta(minutes=15)
KNOWN_FOR = devices.KNOWN_FOR
MAX_NAME = 150
# Set on the request when an attempt was refused unread: the sign-in page answers 429.
REFUSAL = "sojourn_sign_in_refusal"
ATTACK = "auth.under_attack"

# Sent once per NAME_WINDOW when a privileged account's name is being guessed:
# `user` (the account), `failures` (in the window), `addresses` (how many), `at`.
under_attack = Signal()


@dataclass(frozen=True)
class Refusal:
    reason: str  # "pair", "address" or "name"
    retry_after: int  # seconds


def pair_limit() -> int:
    return int(settings.SOJOURN_LOGIN_FAILURE_LIMIT)


def address_limit() -> int:
    return int(settings.SOJOURN_LOGIN_ADDRESS_FAILURE_LIMIT)


def alert_at() -> int:
    """Failures of one name that are an attack, not a person mistyping: twice the pair's limit,
    more than one address can reach before its pair is locked."""
    return 2 * pair_limit()


def normal(name: str) -> str:
    return name.strip().lower()[:MAX_NAME]


def _failures(since: datetime.datetime, **match: str) -> Any:
    return SignInAttempt.objects.filter(succeeded=False, at__gt=since, **match)


def _seconds(until: datetime.datetime, now: datetime.datetime) -> int:
    return max(1, int((until - now).total_seconds() + 0.999))


def _locked(name: str, client: str, now: datetime.datetime) -> Refusal | None:
    since = now - WINDOW
    for reason, limit, match in (
        ("pair", pair_limit(), {"name": name, "client": client}),
        ("address", address_limit(), {"client": client}),
    ):
        times = list(_failures(since, **match).order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            return Refusal(reason, _seconds(times[-1] + WINDOW, now))
    return None


def name_delay(name: str, now: datetime.datetime) -> Refusal | None:
    """The wait the name's recent failures impose on an attempt now, if any is left."""
    recent = _failures(now - NAME_WINDOW, name=name).aggregate(count=Count("id"), last=Max("at"))
    beyond = int(recent["count"]) - pair_limit()
    if beyond < 0 or recent["last"] is None:
        return None
    delay = min(datetime.timedelta(seconds=2 ** min(beyond, 20)), MOST_DELAY)
    until: datetime.datetime = recent["last"] + delay
    return Refusal("name", _seconds(until, now)) if until > now else None


def known_address(name: str, client: str, now: datetime.datetime) -> bool:
    return SignInAttempt.objects.filter(
        name=name, client=client, succeeded=True, at__gt=now - KNOWN_FOR
    ).exists()


def known_device(name: str, device: str, now: datetime.datetime) -> bool:
    """Whether the name signed in from this device within `KNOWN_FOR`, and the device has not
    since failed for it `pair_limit()` times within `WINDOW`."""
    if not device:
        return False
    signed_in = SignInAttempt.objects.filter(
        name=name, device=device, succeeded=True, at__gt=now - KNOWN_FOR
    ).exists()
    return signed_in and _failures(now - WINDOW, name=name, device=device).count() < pair_limit()


def refusal(name: str, client: str, now: datetime.datetime, device: str = "") -> Refusal | None:
    """Why an attempt for `name` from `client` (and `device`) is refused before its password is
    read."""
    locked = _locked(name, client, now)
    if locked is not None:
        return locked
    if known_address(name, client, now) or known_device(name, device, now):
        return None
    return name_delay(name, now)


def record_failure(name: str, client: str, now: datetime.datetime, device: str = "") -> None:
    SignInAttempt.objects.create(name=name, client=client, device=device, at=now, succeeded=False)
    _alert_if_attacked(name, now)


def record_success(name: str, client: str, now: datetime.datetime, device: str = "") -> None:
    """The pair's and the device's failures are forgotten; the address and the device are known
    for the name from now on."""
    SignInAttempt.objects.filter(name=name, client=client, succeeded=False).delete()
    if device:
        SignInAttempt.objects.filter(name=name, device=device, succeeded=False).delete()
    SignInAttempt.objects.create(name=name, client=client, device=device, at=now, succeeded=True)


def _alert_if_attacked(name: str, now: datetime.datetime) -> None:
    since = now - NAME_WINDOW
    failures = _failures(since, name=name)
    if failures.count() < alert_at():
        return
    user = User.objects.filter(username__iexact=name, is_active=True).first()
    if user is None or not _privileged(user) or _alerted(user, since):
        return
    addresses = failures.values("client").distinct().count()
    audit.record(
        actor=None,
        action=ATTACK,
        obj=user,
        at=now,
        data={"failures": alert_at(), "addresses": addresses},
    )
    under_attack.send(
        sender=SignInAttempt, user=user, failures=alert_at(), addresses=addresses, at=now
    )


def _alerted(user: User, since: datetime.datetime) -> bool:
    """Whether this attack window already alerted: its audit event is the record of it."""
    return AuditEvent.objects.filter(
        action=ATTACK, object_type="auth.user", object_id=str(user.pk), at__gt=since
    ).exists()


def _privileged(user: User) -> bool:
    from sojourn.security import mfa  # mfa reads the people app; keep this module light

    return mfa.privileged(user)


def _verified_second_factor(user: User) -> bool:
    from sojourn.security import mfa

    return mfa.authenticator(user) is not None


class ThrottledBackend(ModelBackend):
    """Django's password check behind the three limits above."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if request is None or username is None or password is None:
            return None  # signing in goes through a request, and so through the throttle
        name, client, now = normal(username), client_address(request), timezone.now()
        device = devices.device_of(request)
        refused = refusal(name, client, now, device)
        if refused is not None and refused.reason != "name":
            return _refuse(request, refused)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if refused is None:
            if user is None:
                record_failure(name, client, now, device)
            return user if isinstance(user, User) else None
        return self._while_slowed(request, username, user, refused)

    def _while_slowed(
        self, request: HttpRequest, username: str, user: Any, refused: Refusal
    ) -> User | None:
        """A slowed name lets in a right password of a person with a verified second factor.
        Only for such a name is a wrong password counted (it was a guess that could have
        worked); for any other the answer is the same refusal, right or wrong."""
        owner = User.objects.filter(username=username).first()
        if owner is None or not _verified_second_factor(owner):
            return _refuse(request, refused)
        if isinstance(user, User) and user.pk == owner.pk:
            return user
        record_failure(
            normal(username), client_address(request), timezone.now(), devices.device_of(request)
        )
        return _refuse(request, refused)


def _refuse(request: HttpRequest, refused: Refusal) -> NoReturn:
    setattr(request, REFUSAL, refused)
    raise PermissionDenied(refused.reason)


def refused(request: HttpRequest) -> Refusal | None:
    found = getattr(request, REFUSAL, None)
    return found if isinstance(found, Refusal) else None


def forget_old(now: datetime.datetime, stop: Stop | None = None) -> int:
    """The worker's job: failures past every window and sign-ins older than `KNOWN_FOR` are
    of no more use; they are deleted, and how many is audited."""
    failures = SignInAttempt.objects.filter(succeeded=False, at__lt=now - NAME_WINDOW)
    known = SignInAttempt.objects.filter(succeeded=True, at__lt=now - KNOWN_FOR)
    count = failures.delete()[0] + known.delete()[0]
    if count:
        audit.record(
            actor=None, action="auth.attempts_forgotten", obj=None, at=now, data={"count": count}
        )
    return count


def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        name, client = normal(user.get_username()), client_address(request)
        record_success(name, client, timezone.now(), devices.assign(request))


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(_signed_in, dispatch_uid="sojourn-throttle-sign-in")
