"""Two web processes and two workers on one PostgreSQL (issue 8): the demo story played through
the API, each request to the other web process, while both workers run on the real clock.

The lab's traveller (the one-step test pack: the lab's officer reviews every foreign trip) has
two trips:

- a conference in Tokyo, leaving today (in Shanghai, the lab's time zone). It was reported three
  weeks ago and waits for the officer, who approves it now; the workers see the traveller off and
  they check in. Its report, three weeks ago, goes through the services with that day's clock:
  with the real one no API call can make it, since a trip submitted on or after its first day
  (the UTC date) is a late report under way at once (`_submit_after_departure`).
- an emergency trip to Singapore reported only afterwards: its legs ended 17 days ago, so it is
  under way from submission, the workers bring the traveller home, and its debrief is already
  a week overdue, so the workers (both at once) open the overdue escalations; the traveller
  files the debrief and the officer accepts it: closed.

Then the four processes are stopped with SIGTERM, and what they wrote together is checked: the
audit chain has no gap, every email went out exactly once, no escalation was opened twice.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sojourn.audit.models import AuditChainHead, AuditEvent
from sojourn.audit.services import verify_chain
from sojourn.care.models import Escalation
from sojourn.care.tests.deployment import LOOPBACK, ApiUser, Deployment, deployed
from sojourn.conftest import Cast
from sojourn.notify.models import Channel, DeliveryAttempt, Notification
from sojourn.security.tokens import create_token
from sojourn.testing import builders
from sojourn.trips.drafts import MeetingInput
from sojourn.trips.models import Trip

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)
TIME_BUDGET = 180  # seconds, start-up to shutdown


@pytest.fixture
def deployment(transactional_db: None, tmp_path: Path) -> Iterator[Deployment]:
    """Started by the test once its data is in; stopped (SIGTERM) before the database is flushed.
    The processes' logs are printed: pytest shows them when the test fails."""
    with deployed(tmp_path, seconds=TIME_BUDGET) as running:
        yield running


def reported_three_weeks_ago(cast: Cast, *, leaving: datetime.date) -> Trip:
    """A trip to Tokyo leaving on `leaving`, submitted 21 days before: waiting for the officer."""
    then = timezone.now() - 21 * DAY
    tokyo = builders.Itinerary(
        title="Conference in Tokyo",
        purpose="conference",
        country="JP",
        city="Tokyo",
        starts_in_days=(leaving - then.date()).days,
        days=3,
        meetings=(MeetingInput(counterpart="Dr. Sato", organisation="University of Tokyo"),),
    )
    return builders.submitted(cast.traveller, then, tokyo)


def token_of(user: User) -> str:
    return create_token(
        actor=user, user=user, name="two webs", scope="write", now=timezone.now()
    ).secret


def status_is(user: ApiUser, trip_id: int, wanted: str) -> dict[str, Any] | None:
    answer = user.get(f"trips/{trip_id}")
    assert answer.status == 200, answer
    trip: dict[str, Any] = answer.json
    return trip if trip["status"] == wanted else None


def test_two_webs_and_two_workers_play_the_story(cast: Cast, deployment: Deployment) -> None:
    """GIVEN two gunicorn web processes and two workers against one PostgreSQL
    WHEN a trip is approved, departed by the workers and checked in from, and an emergency trip
    is reported, brought home by the workers, debriefed and closed, alternating the web processes
    THEN every answer is as documented, the trail verifies, every email arrived exactly once and
    no escalation was opened twice."""
    today = timezone.now().astimezone(ZoneInfo(cast.lab.time_zone)).date()
    tokyo = reported_three_weeks_ago(cast, leaving=today)
    assert tokyo.status == "submitted"
    traveller_token, officer_token = token_of(cast.traveller), token_of(cast.officer)

    deployment.start(webs=2, workers=2)
    traveller = ApiUser(deployment.webs, traveller_token)
    officer = ApiUser(deployment.webs, officer_token)

    # 1. The officer approves the trip that leaves today.
    answer = officer.post(
        f"trips/{tokyo.pk}/decisions",
        {"decision": "approve", "step": "org_security", "version": tokyo.version},
    )
    assert answer.status == 200, answer
    assert answer.json["status"] == "approved"

    # 2. A worker, on the real clock, sees it is the first day in Tokyo: the trip is under way.
    trip = deployment.wait_for(
        "the workers to start the Tokyo trip", lambda: status_is(traveller, tokyo.pk, "in_progress")
    )
    assert trip["checkin_due_at"] is not None

    # 3. The traveller checks in; the officer reads it.
    answer = traveller.post(
        f"trips/{tokyo.pk}/checkins",
        {"status": "ok", "country": "JP", "city": "Tokyo", "note": "Arrived."},
    )
    assert answer.status == 201, answer
    trip = officer.get(f"trips/{tokyo.pk}").json
    assert [(c["status"], c["city"]) for c in trip["checkins"]] == [("ok", "Tokyo")]

    # 4. An emergency trip reported once over: submitted, it is a late report under way.
    answer = traveller.post(
        "trips",
        {
            "title": "Emergency repair in Singapore",
            "purpose": "emergency",
            "legs": [
                {
                    "country": "SG",
                    "city": "Singapore",
                    "starts_on": (today - 20 * DAY).isoformat(),
                    "ends_on": (today - 17 * DAY).isoformat(),
                }
            ],
        },
    )
    assert answer.status == 201, answer
    assert answer.json["status"] == "draft"
    singapore = answer.json["id"]
    answer = traveller.post(f"trips/{singapore}/submit", {"version": answer.json["version"]})
    assert answer.status == 200, answer
    assert answer.json["status"] == "in_progress"
    assert answer.json["late_report"] is True

    # 5. The workers bring the traveller home; the debrief was due a week ago.
    trip = deployment.wait_for(
        "the workers to end the Singapore trip", lambda: status_is(traveller, singapore, "returned")
    )
    assert trip["debrief_due"] == (today - 7 * DAY).isoformat()

    # 6. The debrief, filed and accepted: closed.
    answer = traveller.put(
        f"trips/{singapore}/debrief", {"summary": "Replaced the failed sensor array on site."}
    )
    assert answer.status == 200, answer
    answer = traveller.post(f"trips/{singapore}/debrief/submit", {"version": trip["version"]})
    assert answer.status == 200, answer
    assert answer.json["status"] == "debriefed"
    answer = officer.post(
        f"trips/{singapore}/debrief/review",
        {"decision": "accept", "version": answer.json["version"]},
    )
    assert answer.status == 200, answer
    assert answer.json["status"] == "closed"
    assert answer.json["debrief"]["status"] == "accepted"

    # The workers empty the outbox (the acceptance above is the last email), then stop.
    emails = Notification.objects.filter(channel=Channel.EMAIL)
    deployment.wait_for(
        "the workers to deliver every email",
        lambda: (
            not emails.filter(sent_at__isnull=True).exists()
            and len(deployment.smtp.mailbox.messages) >= emails.count()
        ),
    )
    assert deployment.stop() == {"web-1": 0, "web-2": 0, "worker-1": 0, "worker-2": 0}, (
        deployment.logs()
    )
    # No request failed and no worker pass failed (a failed pass is only logged, then retried).
    assert deployment.tracebacks() == {}

    # Both web processes served the story, in turns.
    fewer, more = sorted(deployment.webs.served.values())
    assert 1 <= fewer <= more <= fewer + 1

    # Each transition happened once, by whom it should.
    def story(trip_id: int) -> list[tuple[str, str]]:
        return list(
            AuditEvent.objects.filter(
                object_type="trips.trip", object_id=str(trip_id), action__startswith="trip."
            )
            .order_by("seq")
            .values_list("action", "actor_label")
        )

    assert story(tokyo.pk) == [
        ("trip.created", "traveller"),
        ("trip.submitted", "traveller"),
        ("trip.approved", "officer"),
        ("trip.departed", "system"),
    ]
    assert story(singapore) == [
        ("trip.created", "traveller"),
        ("trip.submitted", "traveller"),
        ("trip.returned", "system"),
        ("trip.debrief_submitted", "traveller"),
        ("trip.debrief_accepted", "officer"),
    ]

    # Four processes appended to one trail: no gap, no fork, nothing altered.
    report = verify_chain()
    assert report.ok, report.problem
    assert AuditChainHead.objects.get().seq == AuditEvent.objects.count() == report.checked

    # Every email went out once: one attempt per row, one message per row at the server.
    sent = set(emails.values_list("pk", flat=True))
    assert not emails.filter(sent_at__isnull=True).exists()
    attempts = Counter(DeliveryAttempt.objects.values_list("notification_id", "ok"))
    assert attempts == Counter({(pk, True): 1 for pk in sent})
    received = Counter(deployment.smtp.mailbox.message_ids())
    assert received == Counter(dict.fromkeys(emails.values_list("message_id", flat=True), 1))
    assert all(message_id.endswith(f"@{LOOPBACK}>") for message_id in received)
    assert ("traveller@example.test", "Trip approved: Conference in Tokyo") in {
        (str(message["To"]), str(message["Subject"]))
        for message in deployment.smtp.mailbox.messages
    }

    # The workers, side by side, opened each escalation once (its emails are counted above);
    # filing the debrief resolved the overdue ones, the late report's follow-up stays open.
    assert sorted(Escalation.objects.values_list("trip_id", "kind")) == [
        (singapore, "debrief_overdue"),
        (singapore, "debrief_overdue_oversight"),
        (singapore, "late_report"),
    ]
    escalated = AuditEvent.objects.filter(action__startswith="escalation.")
    assert Counter(escalated.values_list("action", flat=True)) == {
        "escalation.late_report": 1,
        "escalation.debrief_overdue": 1,
        "escalation.debrief_overdue_oversight": 1,
        "escalation.resolved": 2,
    }
    still_open = Escalation.objects.open().values_list("trip_id", "kind")
    assert list(still_open) == [(singapore, "late_report")]
