"""What the audit trail knows about the request it is written in: the client's address, and
who is signed in (for the few writes Django makes on its own, with no service to name an actor).

Set once per request by a middleware; the services never pass it along, and code outside a
request (the worker, commands) leaves it empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_client: ContextVar[str] = ContextVar("sojourn_audit_client", default="")
# The request's user, read only when needed (authentication runs after the middleware).
_user: ContextVar[Callable[[], Any] | None] = ContextVar("sojourn_audit_user", default=None)


@contextmanager
def client(address: str, user: Callable[[], Any] | None = None) -> Iterator[None]:
    token, user_token = _client.set(address), _user.set(user)
    try:
        yield
    finally:
        _client.reset(token)
        _user.reset(user_token)


def client_address() -> str:
    return _client.get()


def signed_in_user() -> Any:
    """The signed-in user of the request being served, or None."""
    read = _user.get()
    user = read() if read is not None else None
    return user if getattr(user, "is_authenticated", False) else None
