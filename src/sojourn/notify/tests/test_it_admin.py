"""The admin lists failed deliveries with their attempts and sends them again on request,
leaving an audit event for each row it touches."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from sojourn.audit.models import AuditEvent
from sojourn.audit.services import verify_chain
from sojourn.notify.delivery import MAX_ATTEMPTS, deliver_due
from sojourn.notify.models import Notification
from sojourn.notify.tests.builders import email_row

CHANGELIST = reverse("admin:notify_notification_changelist")


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.test", "x" * 16)


@pytest.fixture
def given_up(cast, now, smtp):
    """A row the server refused until the worker gave up on it."""
    smtp.mailbox.refuse.add("traveller@example.test")
    row = email_row(cast.traveller, now, subject="Refused every time", attempts=MAX_ATTEMPTS - 1)
    assert deliver_due(now=now).gave_up == 1
    smtp.mailbox.refuse.clear()
    row.refresh_from_db()
    return row


def test_the_failed_filter_lists_rows_given_up_on(client, superuser, cast, now, given_up):
    email_row(cast.officer, now, subject="Still waiting")
    email_row(cast.officer, now, subject="Delivered fine", sent_at=now)
    client.force_login(superuser)

    def listed(delivery: str) -> set[str]:
        page = client.get(CHANGELIST, {"delivery": delivery})
        assert page.status_code == 200
        return {row.subject for row in page.context["cl"].result_list}

    assert listed("failed") == {"Refused every time"}
    assert listed("pending") == {"Still waiting"}
    assert listed("sent") == {"Delivered fine"}


def test_a_rows_page_shows_every_attempt_with_its_error(client, superuser, given_up):
    client.force_login(superuser)

    page = client.get(reverse("admin:notify_notification_change", args=[given_up.pk]))

    assert page.status_code == 200
    assert "550 5.1.1 Mailbox unavailable" in page.content.decode()
    assert "delivery attempts" in page.content.decode().lower()


def test_retry_now_makes_the_row_due_and_is_audited(client, superuser, cast, now, smtp, given_up):
    """
    GIVEN a row the worker gave up on, and one already delivered
    WHEN an administrator runs "retry delivery now" on both
    THEN the failed row is due again, with an audit event naming the administrator and the
         last attempt (never its error),
    AND the delivered row is left alone and unaudited,
    AND the next pass delivers the retried row
    """
    sent = email_row(cast.officer, now, sent_at=now)
    client.force_login(superuser)

    response = client.post(
        CHANGELIST,
        {"action": "retry_now", "_selected_action": [given_up.pk, sent.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 notification will be delivered at the next pass." in response.content.decode()
    row = Notification.objects.get(pk=given_up.pk)
    assert (row.failed_at, row.next_attempt_at) == (None, None)
    event = AuditEvent.objects.get(action="notification.retry")
    assert (event.actor, event.object_id) == (superuser, str(row.pk))
    assert event.data["attempts"] == MAX_ATTEMPTS
    # The server's answer (it may echo the address) stays on the attempt the event names.
    [attempt] = row.delivery_attempts.all()
    assert (event.data["had_error"], event.data["attempt_id"]) == (True, attempt.pk)
    assert "550" in attempt.error
    assert "550" not in str(event.data)
    assert "@" not in str(event.data)
    assert verify_chain().ok
    assert Notification.objects.get(pk=sent.pk).sent_at == now

    assert deliver_due(now=now).sent == 1
    assert [m["Subject"] for m in smtp.mailbox.messages] == ["Refused every time"]
