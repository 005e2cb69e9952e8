"""One pass delivers due email rows to a real SMTP server: in the recipient's language, as text
and HTML, with the Message-ID stored on the row; in-app rows never go near the server."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from sojourn.notify.delivery import deliver_due
from sojourn.notify.models import Channel, DeliveryAttempt, Notification
from sojourn.notify.services import notify
from sojourn.notify.tests.builders import BASE_URL, email_row, parts
from sojourn.testing import builders


def test_an_english_recipient_gets_text_and_html_in_english(cast, now, smtp):
    """
    GIVEN an email row for a traveller who reads English, about their trip
    WHEN one pass runs
    THEN the server receives one multipart/alternative message in English with the row's
         subject, a link to the trip and the Message-ID stored on the row,
    AND the row is marked sent with one successful attempt recorded
    """
    trip = builders.draft(cast.traveller, now)
    row = email_row(cast.traveller, now, trip=trip)

    report = deliver_due(now=now)

    assert (report.sent, report.attempted, report.unreachable) == (1, 1, "")
    [message] = smtp.mailbox.messages
    assert message["Subject"] == "Trip approved"
    assert message["To"] == "traveller@example.test"
    row.refresh_from_db()
    assert message["Message-ID"] == row.message_id
    assert message["Auto-Submitted"] == "auto-generated"
    text, html = parts(message)
    assert text.startswith("Hello Traveller,")
    assert "Your trip to Paris was approved." in text
    assert f"{BASE_URL}/trips/{trip.pk}/" in text
    assert 'lang="en"' in html
    assert "Hello Traveller," in html
    assert f'href="{BASE_URL}/trips/{trip.pk}/"' in html
    assert "URGENT" not in text
    row.refresh_from_db()
    assert (row.sent_at, row.attempts, row.last_error, row.failed_at) == (now, 1, "", None)
    [attempt] = DeliveryAttempt.objects.filter(notification=row)
    assert (attempt.ok, attempt.error, attempt.attempted_at) == (True, "", now)


def test_a_chinese_recipient_gets_text_and_html_in_chinese(cast, now, smtp):
    """
    GIVEN a recipient whose preferred language is Simplified Chinese, and a row written for them
         by notify() (which renders subject and body in their language)
    WHEN one pass runs
    THEN both parts of the message are in Chinese: the row's text and the email's own words
    """
    cast.colleague.person.language = "zh-hans"
    cast.colleague.person.save(update_fields=["language"])
    notify(
        [cast.colleague],
        kind="trip.cancelled",
        params={"title": "Paris", "actor": "Officer", "reason": gettext_lazy("English")},
        now=now,
    )
    row = Notification.objects.get(recipient=cast.colleague, channel=Channel.EMAIL)

    deliver_due(now=now)

    [message] = smtp.mailbox.messages
    assert message["Subject"] == row.subject == "行程已取消：Paris"
    text, html = parts(message)
    assert text.startswith("您好，Colleague：")
    assert "英语" in text
    assert "请勿直接回复" in text
    assert 'lang="zh-hans"' in html
    assert "您好，Colleague：" in html
    assert "Hello" not in text + html
    row.refresh_from_db()
    assert message["Message-ID"] == row.message_id


def test_an_urgent_row_is_marked_urgent_and_goes_first(cast, now, smtp):
    """
    GIVEN three ordinary rows and a newer urgent one
    WHEN a pass that may send only one message runs
    THEN the urgent row is the one sent, flagged urgent in both parts and in its headers,
    AND the report says more rows are waiting
    """
    for minutes in range(3):
        email_row(cast.officer, now.replace(minute=minutes), subject=f"Routine {minutes}")
    urgent = email_row(cast.officer, now, subject="Needs help", urgent=True)

    report = deliver_due(now=now, limit=1)

    assert (report.sent, report.more) == (1, True)
    [message] = smtp.mailbox.messages
    assert message["Subject"] == "Needs help"
    assert message["Importance"] == "high"
    text, html = parts(message)
    assert "URGENT" in text
    assert "URGENT" in html
    assert Notification.objects.get(pk=urgent.pk).sent_at == now


def test_a_pass_sends_no_more_than_its_limit(cast, now, smtp):
    rows = [email_row(cast.officer, now, subject=f"Row {i}") for i in range(5)]

    first = deliver_due(now=now, limit=2)
    second = deliver_due(now=now, limit=2)
    third = deliver_due(now=now, limit=2)
    fourth = deliver_due(now=now, limit=2)

    assert [r.sent for r in (first, second, third, fourth)] == [2, 2, 1, 0]
    assert [r.more for r in (first, second, third, fourth)] == [True, True, False, False]
    assert sorted(smtp.mailbox.message_ids()) == sorted(
        Notification.objects.filter(pk__in=[row.pk for row in rows]).values_list(
            "message_id", flat=True
        )
    )


def test_in_app_rows_never_go_to_the_mail_server(cast, now, smtp):
    """
    GIVEN notify() wrote an in-app and an email row, and an in-app row was written by other code
         without a delivery time
    WHEN one pass runs
    THEN only the email row reaches the server,
    AND every in-app row is delivered, with no attempts recorded
    """
    params = {"title": "Paris", "actor": "Oversight", "reason": "Instruction 7"}
    notify([cast.officer], kind="trip.cancelled", params=params, now=now)
    stray = Notification.objects.create(
        recipient=cast.officer, channel=Channel.IN_APP, kind="x", subject="s", body="b"
    )
    in_app = Notification.objects.filter(channel=Channel.IN_APP)
    assert list(in_app.filter(sent_at__isnull=True)) == [stray]  # notify() writes them delivered

    report = deliver_due(now=now)

    assert (report.sent, report.in_app) == (1, 1)
    assert len(smtp.mailbox.messages) == 1
    assert not in_app.filter(sent_at__isnull=True).exists()
    assert not DeliveryAttempt.objects.filter(notification__channel=Channel.IN_APP).exists()


def test_a_pass_with_nothing_due_does_not_connect(cast, now, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    email_row(cast.officer, now, sent_at=now)

    report = deliver_due(now=now)

    assert (report.attempted, report.unreachable) == (0, "")


def test_a_pass_told_to_stop_finishes_the_row_in_hand_and_no_more(cast, now, smtp):
    for i in range(3):
        email_row(cast.officer, now, subject=f"Row {i}")
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # the worker got SIGTERM while sending the first row

    report = deliver_due(now=now, stop=stop)

    assert report.sent == 1
    assert len(smtp.mailbox.messages) == 1
    assert Notification.objects.filter(channel=Channel.EMAIL, sent_at__isnull=True).count() == 2
