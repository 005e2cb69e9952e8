"""A Monday morning of Sojourn: travellers report trips and check in, officers review, oversight
watches its dashboards; a load balancer probes liveness throughout.

Every request is a real one of the product, with the answer a person would get checked (the
status, and for a page its content): anything else is a failure. The kinds (`loadbench.kinds`)
are what `bench/load.py` reports, each on its own:

- **travellers** (7 in 10 users), over the API with their own token: list their trips (weight
  4); report a trip with an `Idempotency-Key`, then submit it (1); check in on their approved or
  current trip (2);
- **officers** (2 in 10), signed in: open the review queue (3); open a trip in it and approve it
  (2); their home page (1);
- **oversight** (1 in 10), signed in: their home page, the dashboard, the watch list (1 each);
- **the probe**, one user whatever the number: the liveness probe once a second, as a load
  balancer asks it.

Each person waits THINK seconds between actions. Officers and oversight work in the session they
signed in to before the run (`loadbench.signin`: people sign in once a day, not once a step).
When they start, everyone does each of their actions once, in order: that is the warm-up,
outside the measured window, and it makes sure every kind is asked (the mix's test relies on
it).
Two officers of one organisation may open the same trip: the second one's decision is refused
with 409, as it should be; it counts as a success and is counted in `RACES`.

The cast comes from the JSON file named by SOJOURN_LOAD_CAST (`loadbench.cast` writes it):
`{"liveness": PATH, "travellers": [{"username", "token", "checkin_trip_id", "country"}],
"officers": [USERNAME …], "oversight": [USERNAME …], "sessions": {USERNAME: {COOKIE: VALUE}}}`.
The users of a role take its people in turn, so with fewer people than users some work in two
browser tabs at once.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from locust import HttpUser, between, constant_pacing, task
from locust.clients import ResponseContextManager

from loadbench.kinds import (
    CHECK_IN,
    DASHBOARD,
    DECIDE,
    LIVENESS,
    OFFICER_HOME,
    OPEN_TRIP,
    OVERSIGHT_HOME,
    QUEUE,
    REPORT,
    SUBMIT,
    TRIPS_LIST,
    WATCH,
)

CAST_FILE = "SOJOURN_LOAD_CAST"
THINK = (5.0, 15.0)
"""Seconds a person waits between two actions: reading a page, typing a report."""

RACES: Counter[str] = Counter()
"""Expected refusals counted as successes: a decision a colleague made first."""
FIRST_ROUNDS: Counter[str] = Counter()
"""Users, by role, who have done each of their actions once (the drive's warm-up waits for all)."""

DESTINATIONS = (("DE", "Berlin"), ("JP", "Tokyo"), ("SG", "Singapore"), ("US", "Boston"))
QUEUE_ROW = re.compile(r'href="/review/(\d+)/"')
FIELD = re.compile(r'name="(csrfmiddlewaretoken|version|seen_status|opened)" value="([^"]*)"')
CAN_DECIDE = 'name="decision" value="approve"'
CHANCE = random.Random(1)  # noqa: S311 - which destination, which trip: no secret


def _cast() -> dict[str, Any]:
    path = os.environ.get(CAST_FILE, "").strip()
    if not path:
        raise SystemExit(f"{CAST_FILE} must name the cast file (loadbench.cast writes it)")
    cast: dict[str, Any] = json.loads(Path(path).read_text("utf-8"))
    return cast


CAST = _cast()
_turns: dict[str, Iterator[int]] = {role: itertools.count() for role in CAST if role != "liveness"}


def _next(role: str) -> Any:
    """The next person of the role, in turn."""
    people = CAST[role]
    if not people:
        raise SystemExit(f"the cast has no {role}")
    return people[next(_turns[role]) % len(people)]


def _expect(response: ResponseContextManager, status: int, text: str = "") -> bool:
    """Whether the answer is the one a person would get; a failure otherwise, saying why."""
    if response.status_code != status:
        response.failure(f"{response.status_code}, expected {status}: {response.text[:200]!r}")
        return False
    if text and text not in response.text:
        response.failure(f"{status} without {text!r}")
        return False
    response.success()
    return True


class Traveller(HttpUser):
    """A traveller's app, over the API with their own token."""

    weight = 7
    wait_time = between(*THINK)

    def on_start(self) -> None:
        me = _next("travellers")
        self.checkin_trip_id: int = me["checkin_trip_id"]
        self.country: str = me["country"]
        self.client.headers["Authorization"] = f"Bearer {me['token']}"
        self.list_trips()
        self.report_and_submit()
        self.check_in()
        FIRST_ROUNDS["traveller"] += 1

    @task(4)
    def list_trips(self) -> None:
        with self.client.get("/api/v1/trips", name=TRIPS_LIST, catch_response=True) as answer:
            if _expect(answer, 200) and "items" not in answer.json():
                answer.failure("no items in the trips list")

    @task(1)
    def report_and_submit(self) -> None:
        body = self._trip()
        key = {"Idempotency-Key": str(uuid.uuid4())}
        with self.client.post(
            "/api/v1/trips", json=body, headers=key, name=REPORT, catch_response=True
        ) as answer:
            if not _expect(answer, 201):
                return
            trip = answer.json()
        with self.client.post(
            f"/api/v1/trips/{trip['id']}/submit",
            json={"version": trip["version"]},
            name=SUBMIT,
            catch_response=True,
        ) as answer:
            _expect(answer, 200)

    @task(2)
    def check_in(self) -> None:
        with self.client.post(
            f"/api/v1/trips/{self.checkin_trip_id}/checkins",
            json={"status": "ok", "country": self.country},
            name=CHECK_IN,
            catch_response=True,
        ) as answer:
            _expect(answer, 201)

    def _trip(self) -> dict[str, Any]:
        country, city = CHANCE.choice(DESTINATIONS)
        starts_on = datetime.now(UTC).date() + timedelta(days=CHANCE.randint(20, 90))
        return {
            "title": f"Workshop in {city}",
            "purpose": "academic",
            "necessity": "The workshop's results are presented in person only.",
            "legs": [
                {
                    "country": country,
                    "city": city,
                    "starts_on": starts_on.isoformat(),
                    "ends_on": (starts_on + timedelta(days=4)).isoformat(),
                }
            ],
            "meetings": [
                {"counterpart": "Dr. Weber", "organisation": "TU Berlin", "topics": "robotics"}
            ],
        }


class SignedIn(HttpUser):
    """Someone who works in the pages, in the session they signed in to (loadbench.signin)."""

    abstract = True
    role = ""
    wait_time = between(*THINK)

    def on_start(self) -> None:
        username = _next(self.role)
        for name, value in CAST["sessions"][username].items():
            self.client.cookies.set(name, value)

    def page(self, path: str, name: str, text: str) -> str | None:
        with self.client.get(path, name=name, catch_response=True) as answer:
            return answer.text if _expect(answer, 200, text) else None


class Officer(SignedIn):
    weight = 2
    role = "officers"

    def on_start(self) -> None:
        self.queue: list[int] = []
        super().on_start()
        self.review_queue()
        self.approve()
        self.home()
        FIRST_ROUNDS["officer"] += 1

    @task(3)
    def review_queue(self) -> None:
        html = self.page("/review/", QUEUE, "</main>")
        if html is not None:
            self.queue = [int(found) for found in QUEUE_ROW.findall(html)]

    @task(2)
    def approve(self) -> None:
        if not self.queue:
            self.review_queue()
        if not self.queue:
            return
        trip_id = CHANCE.choice(self.queue)
        self.queue.remove(trip_id)
        html = self.page(f"/review/{trip_id}/", OPEN_TRIP, "</main>")
        if html is None or CAN_DECIDE not in html:
            return  # decided by a colleague since the queue was read: nothing to do
        form = dict(FIELD.findall(html)) | {"decision": "approve", "conditions": "", "comment": ""}
        with self.client.post(
            f"/review/{trip_id}/",
            data=form,
            name=DECIDE,
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code == 409:
                RACES[DECIDE] += 1
                answer.success()
                return
            _expect(answer, 302)

    @task(1)
    def home(self) -> None:
        self.page("/", OFFICER_HOME, "</main>")


class Oversight(SignedIn):
    weight = 1
    role = "oversight"

    def on_start(self) -> None:
        super().on_start()
        self.home()
        self.dashboard()
        self.watch_list()
        FIRST_ROUNDS["oversight"] += 1

    @task
    def home(self) -> None:
        self.page("/", OVERSIGHT_HOME, "</main>")

    @task
    def dashboard(self) -> None:
        self.page("/oversight/", DASHBOARD, "</main>")

    @task
    def watch_list(self) -> None:
        self.page("/watch/", WATCH, "</main>")


class Probe(HttpUser):
    """The load balancer: the liveness probe once a second, whatever the number of users."""

    fixed_count = 1
    wait_time = constant_pacing(1.0)

    def on_start(self) -> None:
        self.live()
        FIRST_ROUNDS["probe"] += 1

    @task
    def live(self) -> None:
        with self.client.get(CAST["liveness"], name=LIVENESS, catch_response=True) as answer:
            _expect(answer, 200)
