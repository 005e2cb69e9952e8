"""Alerts about accounts rather than trips: a privileged account whose name is being guessed.

The sign-in throttle (sojourn.security.throttle) sits below the outbox, so it sends a signal and
this module, registered by the notify app, writes the notification: to the account's owner, who
should know someone is trying their password, and to oversight, who can act on it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from sojourn.notify.services import notify
from sojourn.people.directory import oversight
from sojourn.security.throttle import under_attack

KIND = "account.under_attack"


def _under_attack(
    sender: Any, user: User, failures: int, addresses: int, at: datetime.datetime, **kwargs: Any
) -> None:
    notify(
        [user, *oversight()],
        kind=KIND,
        params={"name": user.get_username(), "failures": failures, "addresses": addresses},
        now=at,
        urgent=True,
    )


def connect() -> None:
    under_attack.connect(_under_attack, dispatch_uid="sojourn-notify-under-attack")
