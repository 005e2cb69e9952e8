"""Writing the outbox. Rows are written inside the transaction of the change that causes them;
the worker delivers them later, so a rolled-back change never sends anything."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.contrib.auth.models import User
from django.utils import translation
from django.utils.functional import Promise

from sojourn.notify.models import Channel, Notification
from sojourn.trips.models import Trip

Text = str | Promise
# Subject and body are built per recipient, inside their preferred language.
Message = Callable[[], tuple[Text, Text]]


def language_of(user: User) -> str:
    """The language the user reads Sojourn in."""
    person = getattr(user, "person", None)
    return person.language if person is not None else "en"


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    message: Message,
    now: datetime.datetime,
    trip: Trip | None = None,
    urgent: bool = False,
    exclude: User | None = None,
) -> list[Notification]:
    """One in-app row per recipient (delivered as written), and one email row for those with an
    address (delivered by `sojourn.notify.delivery.deliver_due`)."""
    rows: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        if not user.is_active:
            continue  # a disabled account reads nothing and is sent nothing
        seen.add(user.pk)
        with translation.override(language_of(user)):
            subject, body = (str(part) for part in message())
        channels = [Channel.IN_APP]
        if getattr(user, "email", ""):
            channels.append(Channel.EMAIL)
        rows.extend(
            Notification(
                recipient=user,
                channel=channel,
                kind=kind,
                subject=subject[:250],
                body=body,
                urgent=urgent,
                trip=trip,
                created_at=now,
                # The inbox reads the row itself: written is delivered. Email waits for the worker.
                sent_at=now if channel == Channel.IN_APP else None,
            )
            for channel in channels
        )
    return Notification.objects.bulk_create(rows)


def mark_read(notifications: Iterable[Notification], *, now: datetime.datetime) -> None:
    """Record when each was first read; marking one again changes nothing (retries are safe)."""
    ids = [notification.pk for notification in notifications]
    Notification.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=now)
