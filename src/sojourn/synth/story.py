"""A trip's story as it is played: the traveller, the itinerary and the columns of its row so
far; and the context every chapter draws from (the generator, `now`, packs, keys)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sojourn.policy import Pack
from sojourn.synth import tables
from sojourn.synth.assessor import Assessor, Snapshot
from sojourn.synth.ids import Ids
from sojourn.synth.itinerary import Itinerary
from sojourn.synth.people import Cast, Person
from sojourn.synth.timebase import MINUTES_PER_DAY, day_text, moment_text

DAY = MINUTES_PER_DAY


@dataclass(slots=True)
class Context:
    rng: random.Random
    now: int
    """Minutes: the story stops here."""
    packs: dict[str, Pack]
    cast: Cast
    assessor: Assessor
    next_key: dict[tables.Table, Callable[[], int]]

    @classmethod
    def new(
        cls,
        *,
        rng: random.Random,
        ids: Ids,
        now: int,
        packs: dict[str, Pack],
        cast: Cast,
        assessor: Assessor,
    ) -> Context:
        keys = {table: ids.counter(table) for table in tables.ALL}
        return cls(rng, now, packs, cast, assessor, keys)

    def assess(self, story: Story, reported_on: int) -> Snapshot:
        """The trip as the engine sees it when reported on `reported_on` (a day)."""
        plan = story.plan
        return self.assessor.assess(
            self.packs[story.person.org.profile.pack],
            story.person.facts,
            plan.legs,
            reported_on=reported_on,
            meetings=[(m[0], m[1], m[2]) for m in plan.meetings],
            necessity=plan.necessity,
            alternatives=plan.alternatives,
        )


@dataclass(slots=True)
class Story:
    """One trip, and its row as the story goes on (moments in minutes, days as ordinals)."""

    id: int
    person: Person
    plan: Itinerary
    created: int
    status: str = "draft"
    version: int = 1
    updated: int = 0
    review_round: int = 0
    snapshot: Snapshot | None = None
    document: str | None = None
    late: bool = False
    follow_up_due: int | None = None
    submitted: int | None = None
    decided: int | None = None
    departed: int | None = None
    returned: int | None = None
    closed: int | None = None
    briefed: int | None = None
    checkin_due: int | None = None
    debrief_due: int | None = None
    cancel_reason: str = ""
    withdraw_reason: str = ""
    late_reports: list[tuple[int, int, bool, int]] = field(default_factory=list)
    """The late-report escalations opened: (opened, round, under way, follow-up day)."""
    resolved: dict[int, tuple[int, str, int | None]] = field(default_factory=dict)
    """Their resolutions by round: (when, resolution, by whom)."""

    def move(self, status: str, at: int) -> None:
        """A transition, as `move` makes it: the status, a new version, the time."""
        self.status = status
        self.version += 1
        self.updated = at

    @property
    def assessed(self) -> Snapshot:
        assert self.snapshot is not None, "the trip has not been reported"
        return self.snapshot

    def resolve_open(self, at: int, resolution: str, by: int | None) -> None:
        """Every late-report escalation still open is resolved (a decision, withdrawal, ...)."""
        for opened, round_, _under_way, _due in self.late_reports:
            if round_ not in self.resolved and opened <= at:
                self.resolved[round_] = (at, resolution, by)


def day_or_none(ordinal: int | None) -> str | None:
    return None if ordinal is None else day_text(ordinal)


def moment_or_none(minutes: int | None) -> str | None:
    return None if minutes is None else moment_text(minutes)
