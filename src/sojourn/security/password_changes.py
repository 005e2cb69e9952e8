"""A new password, however it is set (the account page, the admin, `sojourn changepassword`),
revokes every live API token and the calendar address of the person: whoever held the old
password may have made them. Django's sessions end by themselves (their hash of the password
no longer matches).

`User.set_password` keeps the new password in `_password` until the user is saved; a hash
upgraded at sign-in (same password, stronger hasher) clears it before saving, so it revokes
nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from sojourn.security import tokens

CHANGED = "_sojourn_password_changed"


def _note(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.pk is not None and getattr(instance, "_password", None) is not None:
        setattr(instance, CHANGED, True)


def _revoke(sender: Any, instance: User, **kwargs: Any) -> None:
    if getattr(instance, CHANGED, False):
        setattr(instance, CHANGED, False)
        tokens.revoke_everything(user=instance, now=timezone.now(), reason="password")


def connect() -> None:
    pre_save.connect(_note, sender=User, dispatch_uid="sojourn-password-change-noted")
    post_save.connect(_revoke, sender=User, dispatch_uid="sojourn-password-change-revokes")
