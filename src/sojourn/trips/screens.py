"""What an assessment learns from restricted-party screening.

Trips sit below the screening app and import nothing of it: screening registers itself here at
start-up (ScreeningConfig.ready). The engine is given the names of a trip found on a list
(`ListedParty`) and reports each as a `listed_party` finding. Without a registered screen no name
is found: an installation without lists assesses as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from sojourn.policy import ListedParty, TripFacts

NameKind = Literal["person", "organisation"]


@dataclass(frozen=True)
class Named:
    """A name to screen: where it is (`field`), as written, and what it names."""

    field: str
    text: str
    kind: NameKind


class Screen(Protocol):
    def listed_parties(
        self, subjects: Sequence[tuple[int, Sequence[Named]]]
    ) -> list[tuple[ListedParty, ...]]:
        """For each (organisation id, names), the names found on a list and not dismissed."""
        ...


_screen: Screen | None = None


def register(screen: Screen | None) -> None:
    global _screen
    _screen = screen


def names_of(facts: TripFacts) -> tuple[Named, ...]:
    """A trip's names to screen: each planned meeting's counterpart and organisation."""
    names: list[Named] = []
    for index, meeting in enumerate(facts.meetings):
        names.append(Named(f"meetings[{index}].counterpart", meeting.counterpart, "person"))
        if meeting.organisation.strip():
            names.append(
                Named(f"meetings[{index}].organisation", meeting.organisation, "organisation")
            )
    return tuple(names)


def listed_parties(
    subjects: Sequence[tuple[int, Sequence[Named]]],
) -> list[tuple[ListedParty, ...]]:
    """Set-wise: one answer per (organisation id, names), in order."""
    if _screen is None or not subjects:
        return [() for _ in subjects]
    return _screen.listed_parties(subjects)
