"""Every change of an account's security-relevant state is an audit event that vouches for it.

Django writes accounts on its own paths (the admin, the password pages, `createsuperuser`,
`changepassword`, a password hash upgraded at sign-in), with no Sojourn service to record them:
each save of a user that creates it or changes a field of its audited state
(`sojourn.audit.records`, `auth.user`) is an `account.created` or `account.changed` event naming
the fields, never their values; a deletion is an `account.deleted` event. A sign-in's
`last_login` is not audited state: it writes nothing here. Whatever changes these fields
without saving the user (SQL) is what `sojourn audit verify --records` then names.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.utils import timezone

from sojourn.audit import context
from sojourn.audit import services as audit
from sojourn.audit.records import AUDITED_STATE

FIELDS = AUDITED_STATE["auth.user"].fields
CHANGED = "_sojourn_account_fields_changed"


def _changed_fields(instance: User, update_fields: Any) -> list[str]:
    """The audited fields this save changes, from the row as it is before it."""
    fields = [f for f in FIELDS if update_fields is None or f in update_fields]
    if not fields:
        return []
    before = User.objects.filter(pk=instance.pk).values(*fields).first()
    if before is None:
        return []
    return [f for f in fields if before[f] != getattr(instance, f)]


def _note(sender: Any, instance: User, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    setattr(instance, CHANGED, _changed_fields(instance, kwargs.get("update_fields")))


def _record(
    user: User, action: str, fields: list[str], at: datetime.datetime | None = None
) -> None:
    actor = context.signed_in_user()
    at = timezone.now() if at is None else at
    audit.record(actor=actor, action=action, obj=user, at=at, data={"fields": fields})


def _saved(sender: Any, instance: User, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    if created:
        # When it joined: a person made at a simulated moment (the demo's) is made then.
        _record(instance, "account.created", [], instance.date_joined)
        return
    changed = getattr(instance, CHANGED, [])
    setattr(instance, CHANGED, [])
    if changed:
        _record(instance, "account.changed", changed)


def _deleting(sender: Any, instance: User, **kwargs: Any) -> None:
    """Recorded before the row goes, in the deletion's transaction: the event vouches for the
    account as it was, and tells its deletion from one made by SQL."""
    _record(instance, "account.deleted", [])


def _groups_or_permissions(
    sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any
) -> None:
    """A user's groups or permissions set (the admin sets them after saving the user)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    what = "groups" if sender is User.groups.through else "permissions"
    users = [instance] if not reverse else list(User.objects.filter(pk__in=kwargs["pk_set"] or ()))
    for user in users:
        if isinstance(user, User):
            _record(user, "account.changed", [what])


def connect() -> None:
    pre_save.connect(_note, sender=User, dispatch_uid="sojourn-account-change-noted")
    post_save.connect(_saved, sender=User, dispatch_uid="sojourn-account-change-recorded")
    pre_delete.connect(_deleting, sender=User, dispatch_uid="sojourn-account-deletion-recorded")
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(
            _groups_or_permissions, sender=through, dispatch_uid=f"sojourn-account-{through}"
        )
