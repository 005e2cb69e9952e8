"""Writing the outbox. Rows are written inside the transaction of the change that causes them;
the worker delivers them later, so a rolled-back change never sends anything."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import F, Model, QuerySet

from sojourn.notify.models import Channel, Notification
from sojourn.notify.texts import Params, render, stored


def language_of(user: User) -> str:
    """The language the user reads Sojourn in: their choice, else the one their browser last
    asked for (an email has no browser to follow), else the site's default."""
    person = getattr(user, "person", None)
    if person is None:
        return str(settings.LANGUAGE_CODE)
    return str(person.language or person.browser_language or settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class Notice:
    """One thing to tell some people: `notify`'s arguments, for writing many at once."""

    recipients: Sequence[User]
    # The template that words it (notify/texts/<kind>.txt) and what it is worded from.
    kind: str
    params: Params
    # The trip it is about (the outbox sits below trips: it keeps only the row's id).
    trip: Model | None = None
    urgent: bool = False
    exclude: User | None = None


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    params: Params,
    now: datetime.datetime,
    trip: Model | None = None,
    urgent: bool = False,
    exclude: User | None = None,
) -> list[Notification]:
    """One in-app row per recipient (delivered as written), and one email row for those with an
    address (delivered by `sojourn.notify.delivery.deliver_due`)."""
    return notify_many([Notice(list(recipients), kind, params, trip, urgent, exclude)], now=now)


def notify_many(notices: Iterable[Notice], *, now: datetime.datetime) -> list[Notification]:
    """The rows of every notice, each as `notify` writes them, in one insert."""
    return Notification.objects.bulk_create(
        [row for notice in notices for row in _rows(notice, now)]
    )


def _rows(notice: Notice, now: datetime.datetime) -> Iterator[Notification]:
    seen: set[int] = set()
    exclude = notice.exclude
    params = stored(notice.params)
    worded: dict[str, tuple[str, str]] = {}  # its words in each language, worded once
    for user in notice.recipients:
        if user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        if not user.is_active:
            continue  # a disabled account reads nothing and is sent nothing
        seen.add(user.pk)
        language = language_of(user)
        if language not in worded:
            worded[language] = render(notice.kind, params, language)
        subject, body = worded[language]
        channels = [Channel.IN_APP]
        if getattr(user, "email", ""):
            channels.append(Channel.EMAIL)
        for channel in channels:
            yield Notification(
                recipient=user,
                channel=channel,
                kind=notice.kind,
                subject=subject[:250],
                body=body,
                params=params,
                urgent=notice.urgent,
                trip_id=None if notice.trip is None else notice.trip.pk,
                created_at=now,
                # The inbox reads the row itself: written is delivered. Email waits for the worker.
                sent_at=now if channel == Channel.IN_APP else None,
            )


def mark_history(notifications: QuerySet[Notification]) -> int:
    """Record the undelivered email rows among these as delivered when written, unsent: a past
    replayed after the fact (the demo's history) is not news to mail to anyone now."""
    return notifications.filter(
        channel=Channel.EMAIL, sent_at__isnull=True, failed_at__isnull=True
    ).update(sent_at=F("created_at"))


def mark_read(notifications: Iterable[Notification], *, now: datetime.datetime) -> None:
    """Record when each was first read; marking one again changes nothing (retries are safe)."""
    ids = [notification.pk for notification in notifications]
    Notification.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=now)
