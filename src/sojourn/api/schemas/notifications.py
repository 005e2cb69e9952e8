"""In-app notifications as the API shows them: the caller's own inbox."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from sojourn.api.pagination import PageQuery
from sojourn.notify.models import Notification as NotificationModel
from sojourn.notify.texts import word


class NotificationFilters(PageQuery):
    unread: bool | None = Field(
        None, description="true: only those not yet read; false: only those read."
    )


class Notification(Schema):
    id: int
    kind: str = Field(description="What happened, e.g. `trip.approved`, `checkin.missed`.")
    subject: str
    body: str
    urgent: bool
    trip_id: int | None = Field(description="The trip it is about, if any.")
    created_at: datetime.datetime
    read_at: datetime.datetime | None = Field(description="When it was marked read.")

    @classmethod
    def of(cls, notification: NotificationModel) -> Notification:
        """Worded in the caller's language (Accept-Language, or their choice)."""
        word(notification)
        return cls(
            id=notification.pk,
            kind=notification.kind,
            subject=notification.subject,
            body=notification.body,
            urgent=notification.urgent,
            trip_id=notification.trip_id,
            created_at=notification.created_at,
            read_at=notification.read_at,
        )
