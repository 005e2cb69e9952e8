"""The outbox: one row per recipient and channel, written in the transaction that caused it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sojourn.people.access import AnyUser
from sojourn.people.scoping import ScopedQuerySet


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    IN_APP = "in_app", _("In-app")


class NotificationQuerySet(ScopedQuerySet["Notification"]):
    def visible_to(self, user: AnyUser) -> NotificationQuerySet:
        """Only the recipient reads their notifications."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient_id=user.pk)

    def inbox(self) -> NotificationQuerySet:
        return self.filter(channel=Channel.IN_APP)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    urgent = models.BooleanField(_("urgent"), default=False)
    trip = models.ForeignKey(
        "trips.Trip",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Delivery: the worker claims a row (claimed_at), then records the outcome.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"]),
            models.Index(fields=["channel", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.subject}"
