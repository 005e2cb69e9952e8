"""The outbox stores no live check-in link: a reminder's rows name their links by id, and the
link is built only into the email as it is sent."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from sojourn.care import reminding
from sojourn.notify.messages import build_message
from sojourn.notify.models import Notification
from sojourn.testing import builders

BASE_URL = "https://sojourn.example"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _base_url(settings) -> None:
    settings.SOJOURN_BASE_URL = BASE_URL


@pytest.fixture
def reminded(cast, now):
    """A trip under way whose first check-in reminder the worker has just written."""
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.checkin_due_at is not None
    moment = trip.checkin_due_at - HOUR
    reminding.remind(moment)
    return trip, moment


def test_no_stored_row_holds_a_link(reminded):
    trip, _ = reminded
    rows = Notification.objects.filter(trip=trip, kind="reminder.checkin")
    assert {row.channel for row in rows} == {"in_app", "email"}
    for row in rows:
        stored = json.dumps([row.subject, row.body, row.params])
        assert "/checkin/" not in stored
        assert BASE_URL not in stored
        assert "(the link is in the email)" in row.body


def test_the_email_as_sent_carries_links_that_work(client: Client, reminded, monkeypatch):
    trip, moment = reminded
    row = Notification.objects.get(trip=trip, kind="reminder.checkin", channel="email")

    body = str(build_message(row).body)

    paths = re.findall(rf"{re.escape(BASE_URL)}(/checkin/\S+/)", body)
    assert len(paths) == 2
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert client.get(paths[0]).status_code == 200
    assert "/checkin/" not in Notification.objects.get(pk=row.pk).body  # sending stored nothing
