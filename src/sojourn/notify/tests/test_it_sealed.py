"""A need-help alert names where the traveller is and what they wrote: the outbox keeps both
sealed at rest (its body and params), while the inbox and the email read as before."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import FieldError
from django.db import connection
from django.test import Client

from sojourn.notify.delivery import deliver_due
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.trips.models import Trip
from sojourn.vault.keys import new_key, parse
from sojourn.vault.seal import SealError

CITY, NOTE = "Kreuzberg-Nord", "Held at the hotel desk"


@pytest.fixture
def help_call(cast, now) -> Trip:
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    builders.asked_for_help(trip, country="DE", city=CITY, note=NOTE)
    return trip


def raw_rows() -> list[tuple[str, str, str | None]]:
    """The need-help rows as the database holds them: subject, body, params."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT subject, body, params FROM notify_notification WHERE kind = %s",
            ["escalation.need_help"],
        )
        return [(str(s), str(b), None if p is None else str(p)) for s, b, p in cursor.fetchall()]


def test_the_database_holds_no_city_and_no_note_of_a_need_help_alert(help_call):
    rows = raw_rows()

    assert len(rows) >= 4  # officer and oversight, in the inbox and by email
    for subject, body, params in rows:
        assert params is not None
        for secret in (CITY, "Kreuzberg", NOTE, "hotel desk"):
            assert secret not in body
            assert secret not in params
            assert secret not in subject  # the subject names the traveller only
        assert body.startswith("v1:")
        assert params.startswith("v1:")


def test_the_model_reads_back_the_params_and_the_body(cast, help_call):
    row = Notification.objects.get(
        kind="escalation.need_help", channel="in_app", recipient=cast.officer
    )

    assert row.params is not None
    assert (row.params["city"], row.params["note"], row.params["country"]) == (CITY, NOTE, "DE")
    assert CITY in row.body
    assert NOTE in row.body


def test_the_inbox_and_the_email_show_the_city_and_the_note(cast, help_call, now):
    client = Client()
    client.force_login(cast.officer)
    mail.outbox.clear()

    page = client.get("/inbox/").content.decode()
    deliver_due(now=builders.at(help_call.starts_on, 12))

    assert CITY in page
    assert NOTE in page
    [email] = [
        m
        for m in mail.outbox
        if m.subject == "URGENT: Traveller needs help" and m.to == ["officer@example.test"]
    ]
    assert CITY in email.body
    assert NOTE in email.body


def test_a_missing_key_is_a_clear_error(help_call, settings):
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"other:{new_key()}")

    with pytest.raises(SealError, match="which SOJOURN_ENCRYPTION_KEYS does not hold"):
        list(Notification.objects.filter(kind="escalation.need_help"))


def test_sql_cannot_search_the_sealed_params_or_body(help_call):
    with pytest.raises(FieldError, match=r"notify\.notification\.params is sealed at rest"):
        Notification.objects.filter(params__city=CITY).count()
    with pytest.raises(FieldError, match=r"notify\.notification\.params is sealed at rest"):
        Notification.objects.filter(params__has_key="city").count()
    with pytest.raises(FieldError, match=r"notify\.notification\.body is sealed at rest"):
        Notification.objects.filter(body__contains=CITY).count()
    assert Notification.objects.filter(params__isnull=True).count() == 0
