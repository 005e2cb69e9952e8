"""The app works on a synthetic world: the console's review queue and watch list, the pages
that show them, the dashboard and the API's trip list, as officers and oversight see them."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sojourn.care.models import Escalation
from sojourn.console.selectors.review import QueueFilters, review_queue
from sojourn.console.selectors.watch import watch_list
from sojourn.security import tokens
from sojourn.synth.tests.conftest import NOW
from sojourn.trips.models import Review, Trip


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages see the world's `now`."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def reviewer_of(step: str) -> User:
    """Someone with a trip waiting for their step."""
    review = Review.objects.filter(decision="pending", step=step, trip__status="submitted").first()
    assert review is not None
    if step == "oversight":
        return oversight()
    officer = User.objects.filter(
        person__role="officer", person__organisation=review.trip.organisation
    ).first()
    assert officer is not None
    return officer


def oversight() -> User:
    user = User.objects.filter(person__role="oversight").order_by("pk").first()
    assert user is not None
    return user


def waiting_for(step: str, organisation_id: int | None = None) -> set[int]:
    """Trips whose first pending review (their current step) is `step`."""
    waiting = set()
    trips = Trip.objects.filter(status="submitted")
    if organisation_id is not None:
        trips = trips.filter(organisation_id=organisation_id)
    for trip in trips:
        pending = trip.reviews.filter(round=trip.review_round, decision="pending")
        current = pending.order_by("position").first()
        if current is not None and current.step == step:
            waiting.add(trip.pk)
    return waiting


def test_an_officer_s_review_queue_lists_the_trips_waiting_for_them(small_world, clock):
    officer = reviewer_of("org_security")
    expected = waiting_for("org_security", officer.person.organisation_id)

    queue = review_queue(officer, QueueFilters(), None, "en")

    assert queue.total == len(expected) >= 1
    assert {row.trip.pk for row in queue.rows} <= expected
    assert all(row.destinations for row in queue.rows)


def test_oversight_s_watch_list_shows_who_is_abroad_and_what_is_owed(small_world, clock):
    watch = watch_list(oversight(), now=NOW, pages={}, language="en")

    assert watch.abroad_page.paginator.count == Trip.objects.filter(status="in_progress").count()
    assert watch.debriefs_page.paginator.count == Trip.objects.filter(status="returned").count()
    open_late = Escalation.objects.filter(kind="late_report", resolved_at__isnull=True)
    assert watch.late_page.paginator.count == open_late.values("trip").distinct().count()
    assert watch.abroad
    assert watch.debriefs


@pytest.mark.parametrize("path", ["/", "/review/", "/watch/", "/debriefs/", "/people/"])
def test_the_console_pages_answer_for_an_officer_and_oversight(small_world, clock, path):
    for user in (reviewer_of("org_security"), oversight()):
        client = Client()
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, (path, user.person.role)


def test_the_api_lists_trips_in_pages(small_world, clock):
    made = tokens.create_token(actor=None, user=oversight(), name="synth", scope="read", now=NOW)
    client = Client(headers={"Authorization": f"Bearer {made.secret}"})
    first = client.get("/api/v1/trips")
    assert first.status_code == 200
    page = json.loads(first.content)
    assert len(page["items"]) > 0
    assert page["next"]
    following = client.get("/api/v1/trips", {"cursor": page["next"]})
    assert following.status_code == 200
    assert {item["id"] for item in json.loads(following.content)["items"]}.isdisjoint(
        {item["id"] for item in page["items"]}
    )
