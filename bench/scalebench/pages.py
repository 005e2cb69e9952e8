"""The pages and API lists that must stay fast in the big world (issue 8): their server time.

Each page is asked for in process through django.test.Client (a signed-in session for the web
pages, a personal access token sent as Bearer for the API), as the people who see most of it:
an officer of the organisation with the most trips, oversight (every organisation), an auditor
and the traveller of that organisation with the most trips. Every request is timed with
time.perf_counter around `client.get` (middleware, view, queries, template), after two warm-up
requests; the answer must
be a 200 that lists rows. The figure is the p95 against the issue's goal of 100 ms, and against
a bare SQL query on the same database that reads as many rows of the same table by primary key
(what the rows alone cost). The number of queries of each page is captured once and printed.

The trip list offers every filter of `TripFilters` alone, a few combinations and every order,
each as its first page and as a page reached by a cursor from the middle of the list. The
console's paged lists are asked for at their first and their last page.

Whatever the world's build left in this process is set aside from the garbage collector
(gc.freeze) while the pages are timed, as a server's worker would not hold it.

Left behind in the world: one read-only access token (and its audit event) per API user, and
the sessions of the signed-in users.
"""

from __future__ import annotations

import datetime
import gc
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from benchkit.report import Figure
from benchkit.timing import percentile
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scalebench import Part, World
from sojourn.api import pagination
from sojourn.console.selectors import people
from sojourn.facekit import keyset
from sojourn.people.models import Person, Role
from sojourn.security import tokens
from sojourn.trips import filtering
from sojourn.trips.models import Invitation, Trip
from sojourn.trips.views import common as trip_views

REQUESTS = {"quick": 20, "full": 50}
WARM_UP = 2
GOAL_MS = 100.0
GOAL = "goal (issue 8): 100 ms"
API = "/api/v1"
Response = Any
"""The test client's answer (an HttpResponse with the client's additions)."""
Get = Callable[[str], Response]


@dataclass(frozen=True)
class Ask:
    """One page as one user asks for it."""

    name: str
    who: str
    path: str
    table: str
    """The table its rows come from, for the bare-SQL baseline."""
    rows: str = ""
    """A pattern found once per listed row in the HTML; empty for the API (its `items`)."""


@dataclass(frozen=True)
class Measured:
    ask: Ask
    rows: int
    queries: int
    p95_ms: float
    median_ms: float
    bare_p95_ms: float


def _cast() -> dict[str, User]:
    """The users who see most: the biggest organisation's officer and busiest traveller,
    oversight and an auditor."""
    biggest = (
        Trip.objects.order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation_id")[0]["organisation_id"]
    )
    busiest = (
        Trip.objects.filter(organisation_id=biggest)
        .order_by()
        .values("traveller_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "traveller_id")[0]["traveller_id"]
    )

    def first(role: Role, **where: Any) -> User:
        person = (
            Person.objects.filter(role=role, user__is_active=True, **where)
            .select_related("user")
            .order_by("user_id")
            .first()
        )
        if person is None:
            raise SystemExit(f"the synthetic world has no active {role.value}")
        return person.user

    return {
        "officer": first(Role.OFFICER, organisation_id=biggest),
        "oversight": first(Role.OVERSIGHT),
        "auditor": first(Role.AUDITOR),
        "traveller": User.objects.get(pk=busiest),
    }


LAST = "999999"
"""A page number past the end: Django's paginator answers with the last page."""


DEEP = 10
"""A keyset list's deep page starts this many rows before its end."""


def _deep_cursor(rows: Any, key: Callable[[Any], Any]) -> str:
    """A cursor to the page after the row DEEP rows before the end of `rows` (found outside the
    clock), as the page's own Next link would carry it."""
    total = rows.count()
    if total <= DEEP:
        raise SystemExit("the synthetic world has too few rows for a deep keyset page")
    return keyset.encode_cursor(keyset.AFTER, key(rows[total - DEEP - 1]))


def _deep_people(user: User) -> str:
    found = people.travellers(user, people.PeopleFilters())
    return "/people/?" + urlencode({"cursor": _deep_cursor(found, people.key)})


def _deep_invitations(user: User) -> str:
    found = Invitation.objects.visible_to(user).order_by(*trip_views.INVITATION_ORDER)
    cursor = _deep_cursor(found, lambda row: (row.sort_pending, row.starts_on, row.pk))
    return "/invitations/?" + urlencode({"cursor": cursor})


def _web(users: dict[str, User]) -> list[Ask]:
    trip = r'href="/trips/\d+/"'
    return [
        Ask("home: traveller", "traveller", "/", "trips_trip", trip),
        Ask("home: officer", "officer", "/", "trips_trip", trip),
        Ask("home: oversight", "oversight", "/", "trips_trip", trip),
        Ask("home: auditor", "auditor", "/", "trips_trip", r'<td class="num">'),
        Ask("review queue: officer", "officer", "/review/", "trips_trip", r'href="/review/\d+/"'),
        Ask(
            "review queue: oversight",
            "oversight",
            "/review/",
            "trips_trip",
            r'href="/review/\d+/"',
        ),
        Ask(
            "review queue: oversight, last page",
            "oversight",
            f"/review/?page={LAST}",
            "trips_trip",
            r'href="/review/\d+/"',
        ),
        Ask("watch list: officer", "officer", "/watch/", "trips_trip", trip),
        Ask("watch list: oversight", "oversight", "/watch/", "trips_trip", trip),
        Ask(
            "watch list: oversight, last pages",
            "oversight",
            "/watch/?"
            + urlencode(
                {"abroad_page": LAST, "alerts_page": LAST, "debriefs_page": LAST, "late_page": LAST}
            ),
            "trips_trip",
            trip,
        ),
        Ask(
            "debrief queue: oversight",
            "oversight",
            "/debriefs/",
            "debriefs_debrief",
            r'href="/debriefs/\d+/"',
        ),
        Ask("people: officer", "officer", "/people/", "people_person", r'href="/people/\d+/"'),
        Ask(
            "people: oversight",
            "oversight",
            "/people/",
            "people_person",
            r'href="/people/\d+/"',
        ),
        Ask(
            "people: oversight, deep page",
            "oversight",
            _deep_people(users["oversight"]),
            "people_person",
            r'href="/people/\d+/"',
        ),
        Ask(
            "invitations: oversight",
            "oversight",
            "/invitations/",
            "trips_invitation",
            r'href="/invitations/\d+/"',
        ),
        Ask(
            "invitations: oversight, deep page",
            "oversight",
            _deep_invitations(users["oversight"]),
            "trips_invitation",
            r'href="/invitations/\d+/"',
        ),
    ]


def _trip_filters(world: World, users: dict[str, User]) -> list[tuple[str, dict[str, Any]]]:
    """Each filter of TripFilters alone, a few together, and each order."""
    today = world.now.date()
    slug = (
        Person.objects.select_related("organisation").get(user=users["officer"]).organisation.slug
    )
    week = datetime.timedelta(days=7)
    # The officer's commonest tier: each pack names its own tiers, and the biggest
    # organisation of a small world may follow a pack without a "restricted" one.
    tiers = (
        Trip.objects.filter(organisation__slug=slug)
        .exclude(tier="")
        .values_list("tier")
        .annotate(n=Count("id"))
        .order_by("-n", "tier")
    )
    tier = tiers[0][0] if tiers else "restricted"
    filters: list[tuple[str, dict[str, Any]]] = [
        ("no filter", {}),
        ("status=in_progress", {"status": "in_progress"}),
        ("status=closed", {"status": "closed"}),
        (f"tier={tier}", {"tier": tier}),
        ("route=review", {"route": "review"}),
        ("traveller_id", {"traveller_id": users["traveller"].pk}),
        ("organisation", {"organisation": slug}),
        ("departs in a month", {"departs_from": today, "departs_to": today + 4 * week}),
        ("returns last month", {"returns_from": today - 4 * week, "returns_to": today}),
        ("needs_reapproval=false", {"needs_reapproval": "false"}),
        ("has_findings=true", {"has_findings": "true"}),
        ("q=conference", {"q": "conference"}),
        (
            "status=submitted&route=review",
            {"status": "submitted", "route": "review"},
        ),
        (
            "status=closed&departs last year",
            {"status": "closed", "departs_from": today - 52 * week, "departs_to": today},
        ),
        (f"has_findings=true&tier={tier}", {"has_findings": "true", "tier": tier}),
    ]
    filters += [(f"order={order}", {"order": order}) for order in filtering.ORDERINGS]
    return filters


def _middle_cursor(user: User, query: dict[str, Any]) -> str | None:
    """A cursor from the middle of the list (found outside the clock), as the API encodes it."""
    from django.http import QueryDict

    values = QueryDict(mutable=True)
    for name, value in query.items():
        values[name] = str(value)
    wanted = filtering.parse(values)
    found = filtering.apply(Trip.objects.visible_to(user), wanted)
    total = found.count()
    if total < 2 * pagination.DEFAULT_LIMIT:
        return None
    middle = found[total // 2]
    return pagination._encode([getattr(middle, key.lstrip("-")) for key in wanted.order_keys])


def _api(world: World, users: dict[str, User]) -> list[Ask]:
    asks: list[Ask] = []
    for who in ("officer", "oversight"):
        for label, query in _trip_filters(world, users):
            if who == "officer" and label == "organisation":
                continue
            path = f"{API}/trips?{urlencode(query)}" if query else f"{API}/trips"
            asks.append(Ask(f"GET /trips {label}: {who}", who, path, "trips_trip"))
            cursor = _middle_cursor(users[who], query)
            if cursor is not None:
                deep = f"{API}/trips?{urlencode({**query, 'cursor': cursor})}"
                asks.append(Ask(f"GET /trips {label}, mid-list: {who}", who, deep, "trips_trip"))
    traveller_trip = (
        Trip.objects.filter(traveller=users["traveller"])
        .annotate(n=Count("checkins"))
        .order_by("-n", "id")
        .first()
    )
    assert traveller_trip is not None
    asks += [
        Ask("GET /trips: traveller", "traveller", f"{API}/trips", "trips_trip"),
        Ask("GET /people: officer", "officer", f"{API}/people", "people_person"),
        Ask("GET /people: oversight", "oversight", f"{API}/people", "people_person"),
        Ask(
            "GET /people?role=traveller: oversight",
            "oversight",
            f"{API}/people?role=traveller",
            "people_person",
        ),
        Ask("GET /invitations: officer", "officer", f"{API}/invitations", "trips_invitation"),
        Ask("GET /invitations: oversight", "oversight", f"{API}/invitations", "trips_invitation"),
        Ask(
            "GET /invitations?decision=accepted: oversight",
            "oversight",
            f"{API}/invitations?decision=accepted",
            "trips_invitation",
        ),
        Ask(
            "GET /trips/{id}/checkins: oversight",
            "oversight",
            f"{API}/trips/{traveller_trip.pk}/checkins",
            "care_checkin",
        ),
        Ask("GET /policies: oversight", "oversight", f"{API}/policies", "directives_policyversion"),
    ]
    return asks


def _rows(ask: Ask, response: Response) -> int:
    if ask.rows:
        return len(re.findall(ask.rows, response.content.decode()))
    return len(json.loads(response.content)["items"])


def _bare(table: str, rows: int, repeats: int) -> list[float]:
    """Seconds to read `rows` whole rows of `table` by primary key, `repeats` times."""
    quote = connection.ops.quote_name
    sql = f"SELECT * FROM {quote(table)} ORDER BY {quote('id')} LIMIT %s"  # noqa: S608
    seconds: list[float] = []
    with connection.cursor() as cursor:
        for _ in range(WARM_UP + repeats):
            started = time.perf_counter()
            cursor.execute(sql, [rows])
            cursor.fetchall()
            seconds.append(time.perf_counter() - started)
    return seconds[WARM_UP:]


def _measure(ask: Ask, get: Get, repeats: int) -> Measured:
    for _ in range(WARM_UP):  # the first request of a token records its first use, once
        get(ask.path)
    with CaptureQueriesContext(connection) as captured:
        response = get(ask.path)
    # Read at once: the next request empties the log the capture reads from.
    queries = len(captured.captured_queries)
    if response.status_code != 200:
        raise SystemExit(f"{ask.name}: {ask.path} answered {response.status_code}, not 200")
    rows = _rows(ask, response)
    if rows == 0:
        raise SystemExit(f"{ask.name}: {ask.path} lists no rows; the bench measures nothing")
    seconds: list[float] = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = get(ask.path)
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{ask.name}: answered {response.status_code} on a repeat")
    ordered = sorted(seconds)
    bare = sorted(_bare(ask.table, rows, repeats))
    return Measured(
        ask=ask,
        rows=rows,
        queries=queries,
        p95_ms=percentile(ordered, 0.95) * 1000,
        median_ms=percentile(ordered, 0.5) * 1000,
        bare_p95_ms=percentile(bare, 0.95) * 1000,
    )


def _clients(users: dict[str, User], now: datetime.datetime) -> dict[str, Callable[..., Any]]:
    """A signed-in web client and an API getter (Bearer token) per user."""
    web: dict[str, Client] = {}
    bearer: dict[str, str] = {}
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        web[who] = client
        token = tokens.create_token(
            actor=None, user=user, name="scale bench", scope="read", now=now
        )
        bearer[who] = f"Bearer {token.secret}"
    api = Client()

    def get(ask: Ask) -> Get:
        if ask.path.startswith(API):
            header = bearer[ask.who]
            return lambda path: api.get(path, HTTP_AUTHORIZATION=header)
        return web[ask.who].get

    return {"get": get}


def measure(world: World) -> Part:
    # The test client's host; DEBUG stays False (queries are captured only where asked for).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # One user asks for some thousand API pages in a few minutes: the per-person rate limit
    # (counted in the database, as ever) at its most, so that no request is refused with a 429.
    settings.SOJOURN_API_REQUESTS_PER_MINUTE = 100_000
    assert not settings.DEBUG, "DEBUG would record every query and distort the timings"
    repeats = REQUESTS[world.size]
    users = _cast()
    getter = _clients(users, timezone.now())["get"]
    asks = _web(users) + _api(world, users)
    results: list[Measured] = []
    # This process built the world: its leftovers would make every full collection of the
    # garbage collector scan them, a pause a server's worker does not have. Set them aside.
    gc.collect()
    gc.freeze()
    try:
        for ask in asks:
            print(f"  {ask.name} …", flush=True)
            results.append(_measure(ask, getter(ask), repeats))
    finally:
        gc.unfreeze()
    figures: list[Figure] = []
    lines = [
        f"{repeats} requests per page after {WARM_UP} warm-up requests, in process "
        "(django.test.Client); users: "
        + ", ".join(f"{who} #{user.pk}" for who, user in users.items()),
        "page: rows listed, queries per request, median / p95 ms (bare SQL p95 ms)",
    ]
    for result in results:
        name = result.ask.name
        figures.append(Figure(f"p95 {name}", result.p95_ms, "ms", GOAL, GOAL_MS))
        figures.append(
            Figure(
                f"p95 {name} (vs bare SQL)",
                result.p95_ms,
                "ms",
                f"bare SQL: {result.rows} rows of {result.ask.table}",
                result.bare_p95_ms,
            )
        )
        lines.append(
            f"{name}: {result.rows} rows, {result.queries} queries, "
            f"{result.median_ms:.1f} / {result.p95_ms:.1f} ms ({result.bare_p95_ms:.2f} ms)"
        )
    over = [result.ask.name for result in results if result.p95_ms >= GOAL_MS]
    lines.append(f"over the goal of {GOAL_MS:.0f} ms: " + (", ".join(over) if over else "none"))
    details = {
        "requests": repeats,
        "users": {who: user.pk for who, user in users.items()},
        "pages": [
            {
                "name": result.ask.name,
                "who": result.ask.who,
                "path": result.ask.path,
                "rows": result.rows,
                "queries": result.queries,
                "median_ms": round(result.median_ms, 2),
                "p95_ms": round(result.p95_ms, 2),
                "bare_sql_table": result.ask.table,
                "bare_sql_p95_ms": round(result.bare_p95_ms, 3),
            }
            for result in results
        ],
    }
    return Part(figures=figures, lines=lines, details=details)
