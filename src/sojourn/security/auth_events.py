"""Sign-ins, sign-outs and failed sign-ins go into the audit trail, with the client's address.

A failed attempt records the name that was tried (never the password) and whether such an
account exists is not written: the trail is read by auditors, not used to probe for names.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from sojourn.audit import services as audit

MAX_NAME = 150


def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(actor=user, action="auth.login", obj=user, at=timezone.now())


def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(actor=user, action="auth.logout", obj=user, at=timezone.now())


def _failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    tried = str(credentials.get("username", ""))[:MAX_NAME]
    audit.record(
        actor=None, action="auth.login_failed", obj=None, at=timezone.now(), data={"name": tried}
    )


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="sojourn-audit-login")
    user_logged_out.connect(_signed_out, dispatch_uid="sojourn-audit-logout")
    user_login_failed.connect(_failed, dispatch_uid="sojourn-audit-login-failed")
