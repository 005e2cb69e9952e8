"""What the inbox shows: the reader's latest notifications."""

from __future__ import annotations

from sojourn.notify.models import Notification
from sojourn.notify.texts import word
from sojourn.people.access import AnyUser

INBOX_SIZE = 100


def inbox(user: AnyUser, limit: int = INBOX_SIZE) -> list[Notification]:
    """The latest notifications, worded in the language the reader reads the page in."""
    notifications = Notification.objects.visible_to(user).inbox()
    return [word(row) for row in notifications.order_by("-created_at", "-id")[:limit]]
