"""Notification texts go a period after delivery; idempotency records after 24 hours; expired
sessions as soon as they expire. Each purge is audited by counts."""

from __future__ import annotations

import datetime

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db.models import QuerySet

from sojourn.api.models import IdempotencyRecord
from sojourn.audit.models import AuditEvent
from sojourn.notify.models import Notification
from sojourn.notify.texts import word
from sojourn.retention.job import run
from sojourn.retention.tests.conftest import CITY, DAY
from sojourn.security.models import UserSession

HOUR = datetime.timedelta(hours=1)


def help_notices() -> QuerySet[Notification]:
    return Notification.objects.filter(kind="escalation.need_help")


def test_a_notification_keeps_its_words_until_the_period_after_delivery(cast, closed, settings):
    settings.SOJOURN_RETENTION_NOTIFICATION_DAYS = 30
    [delivered] = help_notices().filter(channel="in_app", recipient=cast.officer)
    assert delivered.sent_at is not None

    run(delivered.sent_at + 29 * DAY, apply=True)

    delivered.refresh_from_db()
    assert (delivered.params or {})["city"] == CITY
    assert CITY in delivered.body


def test_after_the_period_the_inbox_and_outbox_copies_lose_their_words(cast, closed, settings):
    settings.SOJOURN_RETENTION_NOTIFICATION_DAYS = 30
    first = help_notices().order_by("created_at").first()
    assert first is not None
    assert first.sent_at is not None
    # The email copies are sent as the worker would have (sent_at set), then kept.
    Notification.objects.filter(channel="email", sent_at__isnull=True).update(sent_at=first.sent_at)

    run(first.sent_at + 31 * DAY, apply=True)

    for row in help_notices():
        assert row.body == "", row.channel
        assert row.params is not None
        assert "city" not in row.params
        assert "note" not in row.params
    inbox_row = word(help_notices().get(channel="in_app", recipient=cast.officer))
    assert (inbox_row.subject, inbox_row.body) == ("URGENT: Traveller needs help", "")
    assert not any(CITY in row.body for row in Notification.objects.all())
    events = AuditEvent.objects.filter(action="retention.purged", data__what="notifications")
    emptied = Notification.objects.filter(purged_at__isnull=False)
    assert set(help_notices().values_list("purged_at", flat=True)) == {first.sent_at + 31 * DAY}
    assert sorted(event.data["count"] for event in events) == sorted(
        emptied.filter(recipient__person__organisation=org).count()
        for org in (cast.lab, cast.oversight.person.organisation)
    )


def test_a_purged_notification_is_found_by_its_mark_and_not_purged_again(cast, closed, settings):
    """The sealed params cannot be read in SQL: `purged_at` says which rows are done."""
    settings.SOJOURN_RETENTION_NOTIFICATION_DAYS = 30
    first = help_notices().order_by("created_at").first()
    assert first is not None
    assert first.sent_at is not None
    at = first.sent_at + 31 * DAY

    purged = [found.count for found in run(at, apply=True) if found.what == "notifications"]
    again = [found.count for found in run(at + DAY, apply=True) if found.what == "notifications"]

    assert sum(purged) == Notification.objects.filter(purged_at=at).count() > 0
    assert again == []


def test_an_undelivered_email_keeps_its_words(cast, closed, settings):
    settings.SOJOURN_RETENTION_NOTIFICATION_DAYS = 30
    waiting = help_notices().filter(channel="email", sent_at__isnull=True).first()
    assert waiting is not None

    run(waiting.created_at + 400 * DAY, apply=True)

    waiting.refresh_from_db()
    assert CITY in waiting.body


def test_idempotency_records_go_after_24_hours(cast, now):
    old = IdempotencyRecord.objects.create(
        user=cast.traveller, key="old", fingerprint="f", created_at=now - 25 * HOUR
    )
    fresh = IdempotencyRecord.objects.create(
        user=cast.traveller, key="fresh", fingerprint="f", created_at=now - 23 * HOUR
    )

    run(now, apply=True)

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == [fresh.key]
    assert not IdempotencyRecord.objects.filter(pk=old.pk).exists()
    [event] = AuditEvent.objects.filter(action="retention.purged", data__what="idempotency")
    assert event.data == {"what": "idempotency", "count": 1, "organisation_id": None}


def session_of(user, *, expires: datetime.datetime, signed_in: datetime.datetime) -> str:
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    assert store.session_key is not None
    Session.objects.filter(session_key=store.session_key).update(expire_date=expires)
    UserSession.objects.create(
        user=user, session_key=store.session_key, created_at=signed_in, last_seen_at=signed_in
    )
    return str(store.session_key)


def test_expired_sessions_go_and_live_ones_stay(cast, now):
    gone = session_of(cast.officer, expires=now - HOUR, signed_in=now - 2 * HOUR)
    live = session_of(
        cast.officer, expires=now + HOUR, signed_in=now - 5 * 60 * datetime.timedelta(seconds=1)
    )

    run(now, apply=True)

    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [live]
    assert gone not in str(list(AuditEvent.objects.values_list("data", flat=True)))
    [event] = AuditEvent.objects.filter(action="retention.purged", data__what="sessions")
    assert event.data["count"] == 1


def test_a_sign_in_past_the_absolute_limit_goes_though_its_cookie_lives(cast, now, settings):
    settings.SOJOURN_SESSION_ABSOLUTE_SECONDS = 12 * 3600
    session_of(cast.officer, expires=now + HOUR, signed_in=now - 13 * HOUR)

    run(now, apply=True)

    assert not UserSession.objects.exists()
    assert not Session.objects.exists()
