"""What the audit trail knows about the request it is written in: the client's address.

Set once per request by a middleware; the services never pass it along, and code outside a
request (the worker, commands) leaves it empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_client: ContextVar[str] = ContextVar("sojourn_audit_client", default="")


@contextmanager
def client(address: str) -> Iterator[None]:
    token = _client.set(address)
    try:
        yield
    finally:
        _client.reset(token)


def client_address() -> str:
    return _client.get()
