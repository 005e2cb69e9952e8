"""One map from a service's refusal to the HTTP status both faces answer it with.

The web pages and the API catch the services' errors (`conf.errors` and each domain's own,
built on them) and ask here for the status: a refusal by role is a 403, input that cannot be
accepted a 422, a state that refuses the action or a stale copy a 409.
"""

from __future__ import annotations

from sojourn.conf.errors import Conflict, InvalidInput, LifecycleError, NotAllowed

STATUS_OF: dict[type[LifecycleError], int] = {
    NotAllowed: 403,
    InvalidInput: 422,
    Conflict: 409,
}


def status_of(error: LifecycleError) -> int:
    """The status of the nearest family `error` belongs to (400 for a bare refusal)."""
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 400
