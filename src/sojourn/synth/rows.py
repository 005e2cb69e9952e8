"""The rows of one batch, a list per table."""

from __future__ import annotations

from sojourn.synth import tables
from sojourn.synth.tables import Row


class Rows:
    __slots__ = (
        "checkins",
        "debrief_meetings",
        "debriefs",
        "escalations",
        "incidents",
        "invitations",
        "legs",
        "meetings",
        "organisations",
        "people",
        "reviews",
        "trips",
        "users",
    )

    def __init__(self) -> None:
        self.organisations: list[Row] = []
        self.users: list[Row] = []
        self.people: list[Row] = []
        self.invitations: list[Row] = []
        self.trips: list[Row] = []
        self.legs: list[Row] = []
        self.meetings: list[Row] = []
        self.reviews: list[Row] = []
        self.checkins: list[Row] = []
        self.escalations: list[Row] = []
        self.debriefs: list[Row] = []
        self.debrief_meetings: list[Row] = []
        self.incidents: list[Row] = []

    def by_table(self) -> list[tuple[tables.Table, list[Row]]]:
        """Each table with its rows, in the order of `tables.ALL`."""
        return [
            (tables.ORGANISATIONS, self.organisations),
            (tables.USERS, self.users),
            (tables.PEOPLE, self.people),
            (tables.INVITATIONS, self.invitations),
            (tables.TRIPS, self.trips),
            (tables.LEGS, self.legs),
            (tables.MEETINGS, self.meetings),
            (tables.REVIEWS, self.reviews),
            (tables.CHECKINS, self.checkins),
            (tables.ESCALATIONS, self.escalations),
            (tables.DEBRIEFS, self.debriefs),
            (tables.DEBRIEF_MEETINGS, self.debrief_meetings),
            (tables.INCIDENTS, self.incidents),
        ]

    def __len__(self) -> int:
        return sum(len(rows) for _, rows in self.by_table())
