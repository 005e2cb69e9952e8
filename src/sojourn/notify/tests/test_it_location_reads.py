"""A need-help notice names where the traveller is: reading it in the inbox or receiving it by
email is a location read, audited as a look at the trip's check-ins is."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.care.services import check_in
from sojourn.notify.delivery import deliver_due
from sojourn.testing import builders


@pytest.fixture
def help_call(cast, now):
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    check_in(
        trip,
        actor=cast.traveller,
        status="need_help",
        now=builders.at(trip.starts_on, 12),
        country="DE",
        city="Kreuzberg-Nord",
        note="Held at the hotel desk",
    )
    return trip


def location_reads() -> list[tuple[str, str, str]]:
    return list(
        AuditEvent.objects.filter(action="locations.read").values_list(
            "actor_label", "object_id", "data__via"
        )
    )


def test_the_officer_reading_a_need_help_notice_in_the_inbox_is_audited(cast, help_call):
    client = Client()
    client.force_login(cast.officer)

    content = client.get("/inbox/").content.decode()

    assert "Kreuzberg-Nord" in content
    assert location_reads() == [("officer", str(help_call.pk), "inbox")]


def test_an_inbox_without_such_a_notice_leaves_no_read(cast, help_call):
    client = Client()
    client.force_login(cast.traveller)  # told of their own trip's approval, not of the alarm

    client.get("/inbox/")

    assert location_reads() == []


def test_a_need_help_email_handed_to_the_officer_is_audited(cast, help_call, now):
    mail.outbox.clear()

    deliver_due(now=builders.at(help_call.starts_on, 12))

    sent_to = {message.to[0] for message in mail.outbox if "Kreuzberg-Nord" in message.body}
    assert {"officer@example.test", "oversight@example.test"} <= sent_to
    assert ("officer", str(help_call.pk), "email") in location_reads()
    assert ("oversight", str(help_call.pk), "email") in location_reads()
