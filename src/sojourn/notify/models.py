"""The outbox: one row per recipient and channel, written in the transaction that caused it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sojourn.people.access import AnyUser
from sojourn.people.scoping import ScopedQuerySet
from sojourn.vault.fields import SealedJSONField, SealedTextField


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
    # The subject names no place and no one's words (a title, a person): it stays plain, so the
    # admin can search it, and retention keeps it.
    subject = models.CharField(_("subject"), max_length=250)
    # Sealed at rest (sojourn.vault): a need-help alert's body and params hold where the
    # traveller is and their note.
    body = SealedTextField(_("body"))
    # What the texts are rendered from (notify.texts), in the reader's language when read; the
    # subject and body above are their words in the recipient's language when written. None on
    # rows written before notifications kept them.
    params = SealedJSONField(_("params"), null=True, blank=True, default=None)
    # When retention emptied its body and params (sojourn.retention): SQL cannot look inside
    # the sealed columns, so this says which rows are still to purge.
    purged_at = models.DateTimeField(_("purged at"), null=True, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    trip = models.ForeignKey(
        "trips.Trip",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Delivery (see delivery.py): in-app rows are born delivered (sent_at = created_at); an email
    # row is claimed by one worker (claimed_at), sent, then either marked sent or released with
    # its next try (next_attempt_at; null means due now) or given up on (failed_at).
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # An email's globally unique Message-ID, given before its first try and kept for every
    # retry, so a resend is recognisably the same message (empty until then, and for in-app).
    message_id = models.CharField(_("message id"), max_length=250, blank=True, default="")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"]),
            models.Index(fields=["channel", "sent_at"]),
            # The worker's queue: only undelivered email rows, urgent first, oldest first.
            models.Index(
                fields=["-urgent", "created_at", "id"],
                condition=models.Q(channel="email", sent_at__isnull=True, failed_at__isnull=True),
                name="notify_email_queue",
            ),
            # The admin's "failed deliveries" list.
            models.Index(
                fields=["failed_at"],
                condition=models.Q(failed_at__isnull=False),
                name="notify_failed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(failed_at__isnull=True),
                name="notify_sent_or_failed_not_both",
            ),
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="notify_message_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.subject}"


class DeliveryAttempt(models.Model):
    """One try at delivering a notification, kept whatever its outcome."""

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="delivery_attempts",
        verbose_name=_("notification"),
    )
    attempted_at = models.DateTimeField(_("attempted at"))
    ok = models.BooleanField(_("ok"))
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["attempted_at", "id"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        indexes = [models.Index(fields=["notification", "attempted_at"])]

    def __str__(self) -> str:
        outcome = "ok" if self.ok else self.error[:60]
        return f"{self.notification_id} @ {self.attempted_at:%Y-%m-%d %H:%M}: {outcome}"


class MailServer(models.Model):
    """What every worker knows of the mail server: whether it is down, since when, and when one of
    them tries it again (sojourn.notify.mailserver). A row per server address, written at the
    first outage; a server that is up has `down_since` empty."""

    address = models.CharField(_("server address"), max_length=300, primary_key=True)
    down_since = models.DateTimeField(_("down since"), null=True, blank=True)
    probe_at = models.DateTimeField(_("probe at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("mail server")
        verbose_name_plural = _("mail servers")

    def __str__(self) -> str:
        state = "up" if self.down_since is None else f"down since {self.down_since:%Y-%m-%d %H:%M}"
        return f"{self.address}: {state}"
