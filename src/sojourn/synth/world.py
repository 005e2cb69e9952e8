"""A synthetic world: organisations, people and years of trips, written in bulk.

`run(options)` fills the database in one transaction: the organisations and their people, then
the trips in batches (each with its legs, meetings, reviews, check-ins, escalations, debrief and
invitation), then the invitations no trip answers. Trips are spread over five years before
`now` and a few months after; each traveller's trips are drawn by how much they travel, and
the keys follow the order in which trips were created.

It is deterministic: one random generator seeded with `seed` is drawn from in a fixed order,
and the keys continue after the largest existing ones, so the same seed and `now` give the same
rows in every fresh database, whatever the batch size.

Nothing here goes through the services: synthetic history writes no audit events and no
notifications, and the worker's escalations (missed check-ins, overdue debriefs) are left for
its next pass to open, as it would on a deployment that had been switched off.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max

from sojourn.audit import records
from sojourn.audit import services as audit
from sojourn.audit.record_check import SYNTH_LOADED
from sojourn.directives import registry
from sojourn.policy import Pack
from sojourn.synth import tables, writers
from sojourn.synth.assessor import Assessor
from sojourn.synth.chance import Weighted, between, pick
from sojourn.synth.ids import Ids
from sojourn.synth.itinerary import Destinations, itinerary, purpose_of
from sojourn.synth.lifecycle import Lives
from sojourn.synth.people import PROFILES, Person, build_cast, office_offset
from sojourn.synth.progress import Progress
from sojourn.synth.rows import Rows
from sojourn.synth.story import DAY, Context
from sojourn.synth.timebase import HOUR, minutes_of
from sojourn.trips.models import Trip

YEARS = 5
AHEAD_DAYS = 120
GROWTH = 1.8
"""Trips a day now against five years ago: organisations and travel both grew."""
DECLINED_SHARE = 0.04
PENDING_SHARE = 0.0015


@dataclass(frozen=True)
class Options:
    organisations: int
    people: int
    trips: int
    seed: int
    now: datetime.datetime
    batch_size: int = 20_000
    years: int = YEARS
    """Years of history before `now` the trips are spread over."""
    password: str | None = None
    """A password hash every account shares; None: no account can sign in."""


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    evaluated: int = 0
    reused: int = 0
    writing: dict[str, float] = field(default_factory=dict)
    """Seconds the writer spent on each table (alongside the generator)."""
    waited: float = 0.0
    """Seconds the generator waited for the writer."""


class NotEmpty(RuntimeError):
    pass


def run(options: Options, *, force: bool = False, progress: Progress | None = None) -> Summary:
    """Fill the database with the world of `options` in one transaction."""
    progress = progress or Progress()
    tables.check()
    with transaction.atomic():
        if not force and Trip.objects.exists():
            raise NotEmpty(
                f"The database already has {Trip.objects.count():,} trips: synth fills an empty "
                "database. Use a fresh one, or pass --force to add a world next to what is there."
            )
        before = _largest_keys()
        writers.prepare(connection)
        with writers.deferred_indexes(connection, tables.ALL):
            with writers.BackgroundWriter(writers.sink_for(connection)) as writer:
                summary = build(options, writer, progress)
                # Leaving the block waits for the writer to finish the last batches.
                stage = progress.stage("last writes", 0)
            summary.seconds["last writes"] = round(stage.finish(), 2)
            # Leaving the block builds the indexes and adds the foreign keys again (PostgreSQL).
            stage = progress.stage("indexes", 0)
        summary.seconds["indexes"] = round(stage.finish(), 2)
        writers.reset_sequences(connection, tables.ALL)
        _record_load(before, options.now)
        summary.rows = dict(writer.rows)
        summary.writing = {name: round(value, 2) for name, value in writer.seconds.items()}
        summary.waited = round(writer.waited, 2)
        committed = progress.stage("commit", 0)
    summary.seconds["commit"] = round(committed.finish(), 2)
    stage = progress.stage("analyze", 0)
    writers.analyze(connection, tables.ALL)
    summary.seconds["analyze"] = round(stage.finish(), 2)
    return summary


def _largest_keys() -> dict[str, int]:
    """The largest key of each audited table synth fills (`sojourn.audit.records`)."""
    return {
        table.model._meta.label_lower: table.model._default_manager.aggregate(top=Max("pk"))["top"]
        or 0
        for table in tables.ALL
        if records.is_audited(table.model._meta.label_lower)
    }


def _record_load(before: dict[str, int], now: datetime.datetime) -> None:
    """One audit event names the keys the world added to each audited table: its rows have no
    audited write each, and `sojourn audit verify --records` counts them as synthetic instead of
    naming them inserted (a row inserted later, outside these ranges, is still named)."""
    ranges = {
        label: [first + 1, last]
        for label, last in _largest_keys().items()
        if (first := before[label]) < last
    }
    if ranges:
        about = ("synth.world", now.isoformat())
        audit.record_many(
            [audit.Entry(None, SYNTH_LOADED, None, {"ranges": ranges}, about)], at=now
        )


def build(options: Options, writer: writers.BackgroundWriter, progress: Progress) -> Summary:
    rng = random.Random(options.seed)  # noqa: S311 - reproducible synthetic data, not secrets
    # Every read first: once the writer has rows, the connection is its own until it is done.
    ids = Ids.after_existing()
    packs = _packs(options.now)
    now = minutes_of(options.now)
    earliest = now // DAY - options.years * 365
    summary = Summary()

    stage = progress.stage("people", options.people)
    rows = Rows()
    cast = build_cast(
        rng,
        ids,
        rows,
        organisations=options.organisations,
        people=options.people,
        joined=(earliest - 30) * DAY,
        password=options.password,
    )
    writer.write(rows.by_table())
    summary.seconds["people"] = round(stage.finish(), 2)

    stage = progress.stage("planning", options.trips)
    plans = plan(rng, cast.travellers, options.trips, now=now, earliest=earliest)
    summary.seconds["planning"] = round(stage.finish(), 2)

    assessor = Assessor()
    lives = Lives(Context.new(rng=rng, ids=ids, now=now, packs=packs, cast=cast, assessor=assessor))
    places = {home: Destinations(home) for profile in PROFILES for home in profile.homes}
    stage = progress.stage("trips", options.trips)
    for start in range(0, len(plans), options.batch_size):
        batch = plans[start : start + options.batch_size]
        writer.write(_trips(rng, lives, places, cast.travellers, batch).by_table())
        stage.advance(len(batch))
    summary.seconds["trips"] = round(stage.finish(), 2)

    declined = round(options.trips * DECLINED_SHARE)
    pending = round(options.trips * PENDING_SHARE)
    stage = progress.stage("invitations", declined + pending)
    rows = Rows()
    chooser = _chooser(cast.travellers)
    for number in range(declined + pending):
        person = cast.travellers[chooser(rng)]
        lives.unanswered_invitation(
            rows, person, places[person.org.home], pending=number >= declined, earliest=earliest
        )
    writer.write(rows.by_table())
    summary.seconds["invitations"] = round(stage.finish(), 2)
    summary.statuses = dict(sorted(lives.statuses.items()))
    summary.evaluated, summary.reused = assessor.evaluated, assessor.reused
    return summary


def _trips(
    rng: random.Random,
    lives: Lives,
    places: dict[str, Destinations],
    travellers: list[Person],
    plans: list[tuple[int, int, int, int]],
) -> Rows:
    """The rows of a batch of planned trips."""
    rows = Rows()
    for created, index, departs, submitted in plans:
        person = travellers[index]
        emergency = submitted // DAY >= departs
        purpose = purpose_of(rng, academic=person.org.profile.academic, emergency=emergency)
        trip = itinerary(
            rng,
            places[person.org.home],
            departs=departs,
            purpose=purpose,
            min_days=1 if emergency else 0,
        )
        lives.trip(rows, person, trip, created=created, submitted=submitted)
    return rows


def plan(
    rng: random.Random, travellers: list[Person], count: int, *, now: int, earliest: int
) -> list[tuple[int, int, int, int]]:
    """(created, traveller, departure day, reported) for each trip, in the order of creation.

    Departures spread over the years before `now` with growth, up to a few months ahead; a trip
    is in the world only once it has been created, so trips far ahead were reported long before.
    """
    if not travellers:
        return []
    chooser = _chooser(travellers)
    span = now // DAY + AHEAD_DAYS - earliest
    plans = []
    for _ in range(count):
        index = chooser(rng)
        offset = office_offset(travellers[index].org.home)
        while True:
            departs = earliest + int(span * _grown(rng.random()))
            lead, drafting = _lead(rng)
            reported = (departs - lead) * DAY + between(rng, 9 * HOUR, 18 * HOUR) - offset
            created = reported - drafting
            if created <= now:
                break
        plans.append((created, index, departs, reported))
    plans.sort()
    return plans


def _chooser(travellers: list[Person]) -> Weighted[int]:
    """Draws a traveller (their index) by how much they travel."""
    return Weighted(range(len(travellers)), [person.weight for person in travellers])


def _grown(u: float) -> float:
    """Inverse of the distribution whose density grows linearly to GROWTH times its start."""
    a = (GROWTH - 1) / 2
    c = u * (1 + a)
    return float((-1 + (1 + 4 * a * c) ** 0.5) / (2 * a))


def _lead(rng: random.Random) -> tuple[int, int]:
    """Days between the report and the departure (negative: reported once under way), and the
    minutes the draft took."""
    draw = rng.random()
    if draw < 0.015:
        return -pick(rng, (0, 0, 1)), between(rng, 5, 60)
    if draw < 0.06:
        lead = between(rng, 1, 7)
    elif draw < 0.13:
        lead = between(rng, 8, 14)
    elif draw < 0.25:
        lead = between(rng, 15, 30)
    else:
        lead = 31 + min(int(rng.expovariate(1 / 15)), 120)
    drafting = rng.random()
    if drafting < 0.6:
        return lead, between(rng, 5, 90)
    if drafting < 0.9:
        return lead, between(rng, DAY, 3 * DAY)
    return lead, between(rng, 3 * DAY, 10 * DAY)


def _packs(now: datetime.datetime) -> dict[str, Pack]:
    """The version of each pack in force now (every synthetic trip is assessed under it)."""
    ids = {profile.pack for profile in PROFILES}
    return {pack: registry.pack_of(registry.current_version(pack, now)) for pack in ids}
