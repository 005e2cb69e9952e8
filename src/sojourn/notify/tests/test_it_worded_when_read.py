"""A notification is stored as its kind and params and worded when it is read: in the language
its reader reads now, on the inbox, in the API and in the email alike."""

from __future__ import annotations

import datetime

from django.test import Client

from sojourn.conftest import Cast
from sojourn.notify.delivery import deliver_due
from sojourn.notify.models import Channel, Notification
from sojourn.notify.tests.builders import parts
from sojourn.testing import builders
from sojourn.trips import services


def _cancelled(cast: Cast, now: datetime.datetime) -> Notification:
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Workshop in Paris"),
    )
    services.cancel(trip, actor=cast.oversight, reason="Instruction 7", now=now)
    in_app = Notification.objects.filter(recipient=cast.traveller, channel=Channel.IN_APP)
    return in_app.get(kind="trip.cancelled")


def test_the_services_store_a_kind_and_params_and_the_words_follow_from_them(cast, now):
    """GIVEN a trip cancelled by oversight WHEN the traveller's notification is written THEN the
    row keeps the kind and the params it is worded from, and words them in English."""
    row = _cancelled(cast, now)

    assert row.kind == "trip.cancelled"
    assert row.params == {
        "title": "Workshop in Paris",
        "actor": "Oversight",
        "reason": "Instruction 7",
    }
    assert row.subject == "Trip cancelled: Workshop in Paris"
    assert row.body == "Cancelled by Oversight. Reason: Instruction 7"


def test_a_notification_written_before_the_reader_chose_chinese_reads_in_chinese(cast, now, smtp):
    """GIVEN a notification written while the traveller read English
    WHEN they switch to Chinese and open their inbox, ask the API, and the email goes out
    THEN all three word it in Chinese."""
    row = _cancelled(cast, now)
    cast.traveller.person.language = "zh-hans"
    cast.traveller.person.save(update_fields=["language"])
    client = Client()
    client.force_login(cast.traveller)

    inbox = client.get("/inbox/").content.decode()
    deliver_due(now=now)

    assert row.subject.startswith("Trip cancelled")  # as it was written
    assert "行程已取消：Workshop in Paris" in inbox
    assert "由 Oversight 取消。原因：Instruction 7" in inbox
    assert "Trip cancelled" not in inbox
    emails = {m["Subject"]: m for m in smtp.mailbox.messages if m["To"] == cast.traveller.email}
    email = emails["行程已取消：Workshop in Paris"]  # the approval before it reads in Chinese too
    text, _html = parts(email)
    assert "由 Oversight 取消。原因：Instruction 7" in text


def test_a_row_written_before_params_were_kept_keeps_its_words(cast, now):
    old = Notification.objects.create(
        recipient=cast.traveller,
        channel=Channel.IN_APP,
        kind="trip.cancelled",
        subject="Old",
        body="Written long ago.",
        created_at=now,
        sent_at=now,
    )
    client = Client()
    client.force_login(cast.traveller)

    inbox = client.get("/inbox/").content.decode()

    assert old.params is None
    assert "Written long ago." in inbox
