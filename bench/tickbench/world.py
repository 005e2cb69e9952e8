"""The world the worker benchmark runs in, written with bulk inserts (a fixture, not app code).

Organisations with two security officers each, an oversight office of two, one traveller per
TRIPS_PER_TRAVELLER trips, and the trips of `mix.plan` with their legs: every denormalised
column set as the lifecycle services would have set it (status, dates, tier, route, policy,
check-in interval and next due time, debrief due date) and the assessment snapshot taken from
the real policy engine for the tier. Every account has an email address, so every notification
is also an email the delivery job sends.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import connection, models, transaction

from sojourn.care.models import Escalation, EscalationKind
from sojourn.people.models import Language, Organisation, Person, Position, Role, Sector
from sojourn.policy import Leg as LegFacts
from sojourn.policy import Traveller, TripFacts, assess, shipped_pack
from sojourn.trips.models import Leg, Trip
from tickbench.mix import DAY, NOW, TODAY, Shape

PACK_ID = "seed-sensitive-tech"
TRIPS_PER_TRAVELLER = 4
TRAVELLERS_PER_ORGANISATION = 500
BATCH = 2_000
EMAIL_DOMAIN = "bench.example.test"
ZH_SHARE = 0.3
"""Travellers who read Sojourn in Simplified Chinese; their messages are built in it."""
UNUSABLE_PASSWORD = "!bench"
"""Not a password: a hash that no password matches, so the account cannot log in."""

SURNAMES = ("Chen", "Wang", "Li", "Zhang", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu")
GIVEN = ("Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Hui", "Tao", "Ying", "Jun", "Hang", "Qiang")
PURPOSES = (("conference", "Conference"), ("business", "Meetings"), ("academic", "Workshop"))

Row = TypeVar("Row", bound=models.Model)


@dataclass
class World:
    organisations: int = 0
    officers: int = 0
    oversight: int = 0
    travellers: int = 0
    trips: int = 0
    legs: int = 0
    follow_ups: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of each step of the build."""


def refuse_unless_empty() -> None:
    """Never write a benchmark world into a database that holds anyone's data."""
    if "people_organisation" not in connection.introspection.table_names():
        return
    if Organisation.objects.exists():
        raise SystemExit(
            f"refusing to run: the database {_where()} already has organisations. "
            "bench/tick.py builds its own world; give it an empty database (make bench does)."
        )


def _where() -> str:
    settings = connection.settings_dict
    return " ".join(
        str(part) for part in (connection.vendor, settings.get("HOST"), settings["NAME"]) if part
    )


def build(shapes: Sequence[Shape], *, seed: int) -> World:
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    world = World()
    templates = _assessment_templates()
    with transaction.atomic():
        organisations = _timed(world, "organisations", lambda: _organisations(len(shapes)))
        world.organisations = len(organisations) - 1
        staff = _timed(world, "staff", lambda: _staff(organisations))
        world.officers = sum(1 for person in staff if person.role == Role.OFFICER)
        world.oversight = len(staff) - world.officers
        travellers = _timed(
            world, "travellers", lambda: _travellers(rng, organisations[1:], len(shapes))
        )
        world.travellers = len(travellers)
        trips = _timed(world, "trips", lambda: _trips(rng, shapes, travellers, templates))
        world.trips = len(trips)
        world.legs = _timed(world, "legs", lambda: _legs(shapes, trips))
        world.follow_ups = _timed(world, "follow_ups", lambda: _follow_ups(shapes, trips))
    _timed(world, "analyze", _analyze)
    return world


T = TypeVar("T")


def _timed(world: World, step: str, run: Callable[[], T]) -> T:
    started = time.perf_counter()
    value = run()
    world.seconds[step] = round(time.perf_counter() - started, 3)
    return value


def _bulk(model: type[Row], rows: list[Row]) -> list[Row]:
    return model._default_manager.bulk_create(rows, batch_size=BATCH)


def _organisations(trips: int) -> list[Organisation]:
    """The oversight office first, then one organisation per TRAVELLERS_PER_ORGANISATION."""
    travellers = -(-trips // TRIPS_PER_TRAVELLER)
    count = max(2, -(-travellers // TRAVELLERS_PER_ORGANISATION))
    joined = NOW - 400 * DAY
    rows = [
        Organisation(
            name="Travel Oversight Office",
            slug="bench-oversight",
            sectors=[Sector.GOVERNMENT],
            created_at=joined,
        )
    ]
    for index in range(count):
        sector = (Sector.AI, Sector.ROBOTICS)[index % 2]
        rows.append(
            Organisation(
                name=f"Bench Lab {index + 1:03d}",
                slug=f"bench-lab-{index + 1:03d}",
                sectors=[sector],
                created_at=joined,
            )
        )
    return _bulk(Organisation, rows)


def _staff(organisations: list[Organisation]) -> list[Person]:
    """Two oversight officers, and two security officers in every organisation."""
    wanted = [(organisations[0], Role.OVERSIGHT, n) for n in (1, 2)]
    wanted += [(org, Role.OFFICER, n) for org in organisations[1:] for n in (1, 2)]
    users = _bulk(
        User,
        [_user(f"{role}-{org.slug}-{n}", f"{role.label} {n}", org.name) for org, role, n in wanted],
    )
    return _bulk(
        Person,
        [
            Person(user=user, organisation=org, role=role, position=Position.STAFF)
            for user, (org, role, _n) in zip(users, wanted, strict=True)
        ],
    )


def _travellers(
    rng: random.Random, organisations: list[Organisation], trips: int
) -> list[tuple[User, int]]:
    """The travellers, each with the id of their organisation."""
    count = -(-trips // TRIPS_PER_TRAVELLER)
    homes = [organisations[index % len(organisations)] for index in range(count)]
    names = [(rng.choice(GIVEN), rng.choice(SURNAMES)) for _ in range(count)]
    users = _bulk(
        User,
        [
            _user(f"traveller-{index + 1:06d}", given, family)
            for index, (given, family) in enumerate(names)
        ],
    )
    _bulk(
        Person,
        [
            Person(
                user=user,
                organisation=org,
                role=Role.TRAVELLER,
                position=rng.choice((Position.RESEARCHER, Position.EXECUTIVE, Position.FOUNDER)),
                sectors=list(org.sectors),
                emergency_contact_name="Family",
                emergency_contact_phone="+86 10 5555 0100",
                language=Language.ZH_HANS if rng.random() < ZH_SHARE else Language.EN,
            )
            for user, org in zip(users, homes, strict=True)
        ],
    )
    return [(user, org.pk) for user, org in zip(users, homes, strict=True)]


def _user(username: str, first: str, last: str) -> User:
    return User(
        username=username,
        email=f"{username}@{EMAIL_DOMAIN}",
        first_name=first,
        last_name=last,
        password=UNUSABLE_PASSWORD,
        date_joined=NOW - 400 * DAY,
    )


def _assessment_templates() -> dict[bool, dict[str, Any]]:
    """The engine's assessment of a typical trip in each tier (restricted: True)."""
    pack = shipped_pack(PACK_ID)
    traveller = Traveller(("researcher",), ("ai",), "CN")
    templates = {}
    for restricted, country in ((True, "US"), (False, "SG")):
        facts = TripFacts(
            traveller=traveller,
            purpose="conference",
            reported_on=TODAY - 90 * DAY,
            legs=(LegFacts(country, TODAY, TODAY + 5 * DAY),),
            necessity="Keynote at the annual meeting; the organisers need us in person.",
            alternatives="A recorded talk was offered and declined by the organisers.",
        )
        assessment = assess(pack, facts).to_dict()
        assert (assessment["tier"] == "restricted") == restricted, assessment["tier"]
        templates[restricted] = assessment
    return templates


def _trips(
    rng: random.Random,
    shapes: Sequence[Shape],
    travellers: list[tuple[User, int]],
    templates: dict[bool, dict[str, Any]],
) -> list[Trip]:
    rows = []
    for index, shape in enumerate(shapes):
        traveller, organisation_id = travellers[index % len(travellers)]
        rows.append(_trip(rng, shape, traveller, organisation_id, templates[shape.restricted]))
    return _bulk(Trip, rows)


def _trip(
    rng: random.Random,
    shape: Shape,
    traveller: User,
    organisation_id: int,
    template: dict[str, Any],
) -> Trip:
    notice = 30 if shape.restricted else 7
    report_by = shape.starts_on - notice * DAY
    submitted = _at(report_by - rng.randint(1, 20) * DAY, 9)
    status = shape.kind.status
    under_way = status in ("in_progress", "returned")
    purpose, label = rng.choice(PURPOSES)
    city = shape.legs[0][1]
    return Trip(
        traveller=traveller,
        organisation_id=organisation_id,
        title=f"{label} in {city}",
        purpose=purpose,
        necessity="Keynote; needed in person." if template["necessity_required"] else "",
        status=status,
        version=4 if under_way else 3,
        review_round=1,
        starts_on=shape.starts_on,
        ends_on=shape.ends_on,
        assessment={
            **template,
            "report_by": report_by.isoformat(),
            "debrief_due": shape.debrief_due.isoformat(),
        },
        policy=template["policy"],
        tier=template["tier"],
        route=template["route"],
        risk_score=template["risk"]["score"],
        report_by=report_by,
        debrief_due=shape.debrief_due,
        late_report=shape.late_follow_up,
        follow_up_due=TODAY - DAY if shape.late_follow_up else None,
        checkin_hours=template["checkin_hours"],
        checkin_due_at=shape.checkin_due_at,
        briefing_acknowledged_at=(
            _at(shape.starts_on - 3 * DAY, 10) if shape.briefing_acknowledged else None
        ),
        created_at=submitted - DAY,
        updated_at=submitted,
        submitted_at=submitted,
        decided_at=submitted + DAY,
        departed_at=_at(shape.starts_on, 6) if under_way else None,
        returned_at=_at(shape.ends_on + DAY, 9) if status == "returned" else None,
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _legs(shapes: Sequence[Shape], trips: list[Trip]) -> int:
    rows = [
        Leg(trip=trip, position=position, country=country, city=city, starts_on=start, ends_on=end)
        for shape, trip in zip(shapes, trips, strict=True)
        for position, (country, city, start, end) in enumerate(shape.legs)
    ]
    return len(_bulk(Leg, rows))


def _follow_ups(shapes: Sequence[Shape], trips: list[Trip]) -> int:
    """The open late-report follow-ups whose deadline (end of yesterday) has passed."""
    deadline = datetime.datetime.combine(TODAY - DAY, datetime.time.max, tzinfo=datetime.UTC)
    rows = [
        Escalation(
            trip=trip,
            kind=EscalationKind.LATE_REPORT,
            reference="submitted:1",
            opened_at=NOW - 4 * DAY,
            due_at=deadline,
            data={"follow_up_due": (TODAY - DAY).isoformat(), "under_way": True},
        )
        for shape, trip in zip(shapes, trips, strict=True)
        if shape.late_follow_up
    ]
    return len(_bulk(Escalation, rows))


def _analyze() -> None:
    """Tables as a database in service has them: planner statistics, and on PostgreSQL vacuumed
    (otherwise autovacuum would set about the freshly loaded tables during the timed passes)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
