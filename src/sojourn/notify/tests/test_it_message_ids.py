"""Every email has a globally unique Message-ID on the base address's domain, given once and
stored on its row, so a retry sends the same one; its Date header is a UTC time marked as saying
nothing of the sender's own zone (RFC 5322 section 3.3: "-0000")."""

from __future__ import annotations

import datetime
import re

from sojourn.notify.delivery import deliver_due
from sojourn.notify.models import Notification
from sojourn.notify.tests.builders import email_row

MINUTE = datetime.timedelta(minutes=1)
# email.utils.make_msgid: <time.pid.random@domain>
MESSAGE_ID = re.compile(r"<\d+\.\d+\.\d+@travel\.example\.org>")


def test_each_row_gets_its_own_id_on_the_base_address_domain(cast, now, smtp):
    """
    GIVEN two email rows due
    WHEN a pass sends them
    THEN each message carries the Message-ID stored on its row, made by make_msgid on the base
         address's domain, and the two differ
    """
    rows = [email_row(cast.traveller, now), email_row(cast.officer, now)]

    deliver_due(now=now)

    stored = {row.pk: Notification.objects.get(pk=row.pk).message_id for row in rows}
    assert all(MESSAGE_ID.fullmatch(value) for value in stored.values()), stored
    assert len(set(stored.values())) == 2
    assert sorted(smtp.mailbox.message_ids()) == sorted(stored.values())


def test_a_reset_database_reusing_a_row_number_sends_a_new_id(cast, now, smtp):
    """
    GIVEN a row was sent, then the database was reset and a new row got the same number
    WHEN the new row is sent
    THEN its Message-ID is not the first one's (ids no longer derive from row numbers)
    """
    first = email_row(cast.traveller, now)
    deliver_due(now=now)
    number = first.pk
    Notification.objects.all().delete()
    again = email_row(cast.traveller, now, id=number)

    deliver_due(now=now)

    one, two = smtp.mailbox.message_ids()
    assert again.pk == number
    assert one != two


def test_a_retry_sends_the_id_given_before_the_first_try(cast, now, smtp):
    """
    GIVEN the server refuses the recipient on the first try
    WHEN the pass after the backoff delivers the row
    THEN the Message-ID stored before the first try is the one that arrives, unchanged
    """
    smtp.mailbox.refuse.add("traveller@example.test")
    row = email_row(cast.traveller, now)
    deliver_due(now=now)
    row.refresh_from_db()
    given = row.message_id
    assert given
    assert row.sent_at is None
    smtp.mailbox.refuse.clear()

    deliver_due(now=now + MINUTE)

    [message] = smtp.mailbox.messages
    assert message["Message-ID"] == given
    row.refresh_from_db()
    assert (row.message_id, row.attempts, row.sent_at) == (given, 2, now + MINUTE)


def test_in_app_rows_have_no_message_id(cast, now, smtp):
    email = email_row(cast.traveller, now)
    in_app = Notification.objects.create(
        recipient=cast.traveller, channel="in_app", kind="test", subject="s", body="b"
    )

    deliver_due(now=now)

    email.refresh_from_db()
    in_app.refresh_from_db()
    assert (bool(email.message_id), in_app.message_id) == (True, "")


def test_the_date_header_is_utc_marked_minus_zero(cast, now, smtp):
    """
    GIVEN an email row
    WHEN it is delivered and parsed by the email package
    THEN the raw Date header ends in "-0000", which the parser reads as a naive datetime (a UTC
         time with no information about the sender's local zone), not "+0000" (aware, UTC)
    """
    email_row(cast.traveller, now)

    deliver_due(now=now)

    [message] = smtp.mailbox.messages
    date = message["Date"]
    assert str(date).endswith(" -0000"), str(date)
    assert date.datetime.tzinfo is None
