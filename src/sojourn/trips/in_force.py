"""What an assessment reads as in force: the organisation's policy pack and the directives that
weigh on a trip (advisories on destinations, holds on a traveller).

Trips sit below the policy store: pack versions and directives are kept by `directives`, which
registers its store here at start-up (DirectivesConfig.ready). Without one, assessing refuses
plainly rather than judging a trip against nothing.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from sojourn.people.models import Organisation
from sojourn.policy import Advisory, Hold, Pack


class Store(Protocol):
    def pack_in_force(self, organisation: Organisation, at: datetime.datetime) -> Pack: ...

    def advisories_in_force(self, at: datetime.datetime) -> list[Advisory]: ...

    def holds_for(self, user_id: int, at: datetime.datetime) -> list[Hold]: ...


_store: Store | None = None


def register(store: Store) -> None:
    global _store
    _store = store


def store() -> Store:
    if _store is None:
        raise LookupError("No policy store is registered: is sojourn.directives installed?")
    return _store
