"""The caller's in-app notifications (the web's inbox), and marking one read.

Email rows of the outbox are delivery, not the inbox: only in-app rows are listed. Nobody sees
anyone else's notifications, whatever their role: another's is a 404.
"""

from __future__ import annotations

from typing import Annotated

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router

from sojourn.api.description import answers
from sojourn.api.pagination import Page, paginate
from sojourn.api.schemas.notifications import Notification, NotificationFilters
from sojourn.api.schemas.problem import COMMON, WRITE
from sojourn.notify import services as notify
from sojourn.notify.models import Notification as NotificationModel
from sojourn.notify.models import NotificationQuerySet
from sojourn.notify.reads import record_location_reads

router = Router()
# A database id: one out of the database's range is refused (422) rather than looked up.
NotificationId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The notification's id.")]


def _reader(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def _inbox(request: HttpRequest) -> NotificationQuerySet:
    return NotificationModel.objects.visible_to(_reader(request)).inbox()


@router.get(
    "",
    response={200: Page[Notification], **COMMON},
    operation_id="list_notifications",
    summary="My notifications",
    description="The caller's in-app notifications, newest first.",
    openapi_extra=answers(
        "One page of notifications; `next` is the `cursor` of the following page."
    ),
)
def list_notifications(
    request: HttpRequest, filters: Query[NotificationFilters]
) -> dict[str, object]:
    found = _inbox(request)
    if filters.unread is not None:
        found = found.filter(read_at__isnull=filters.unread)
    page = paginate(found, filters, order=["-created_at", "-id"])
    # A need-help notice names where the traveller is: reading it is audited as a location read.
    record_location_reads(page["items"], reader=_reader(request), via="api", now=timezone.now())
    page["items"] = [Notification.of(row) for row in page["items"]]
    return page


@router.post(
    "/{int:notification_id}/read",
    response={200: Notification, **WRITE},
    operation_id="mark_notification_read",
    summary="Mark one of my notifications read",
    description="Idempotent: a notification already read keeps the time it was first read.",
    openapi_extra=answers("The notification, read."),
)
def read_notification(request: HttpRequest, notification_id: NotificationId) -> Notification:
    now = timezone.now()
    notification = _inbox(request).get_for(request.user, pk=notification_id)
    notify.mark_read([notification], now=now)
    notification.refresh_from_db(fields=["read_at"])
    record_location_reads([notification], reader=_reader(request), via="api", now=now)
    return Notification.of(notification)
