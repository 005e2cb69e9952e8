"""The audit trail: append-only events chained by hash, so a quiet edit breaks the chain."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sojourn.audit import readers


class AppendOnly(Exception):
    """Audit events are written once and never changed or removed."""


APPEND_ONLY = "the audit trail is append-only: events cannot be changed or deleted"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: Any) -> AuditEventQuerySet:
        return self.all() if readers.may_read(user) else self.none()

    # On PostgreSQL a trigger refuses UPDATE and DELETE too (migration 0002); on SQLite this is
    # the guard. Neither stops someone with the database's own tools: the hash chain shows that.
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly(APPEND_ONLY)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly(APPEND_ONLY)


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # An account with a history is deactivated, never deleted: deleting it is refused.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # The actor's name at the time, kept even if the account goes: "system" for the worker.
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60)
    data = models.JSONField(_("data"), default=dict)
    # The client's address (after the trusted proxies), empty outside a web or API request.
    client = models.CharField(_("client address"), max_length=45, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # The SOJOURN_AUDIT_KEYS id of the key whose HMAC `hash` is; empty for the unkeyed events
    # written before keys (plain SHA-256).
    key_id = models.CharField(_("key id"), max_length=32, blank=True, default="")
    # The keyed digest of the record's audited state after this event, as `v<version>:<hex>`
    # (sojourn.audit.records), empty for events about no audited record.
    digest = models.CharField(_("record digest"), max_length=80, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["action", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly(APPEND_ONLY)


class AuditChainHead(models.Model):
    """One row holding the end of the chain; locking it serialises appends across processes."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # When the head was last published outside the database (sojourn.audit.anchors).
    anchored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_singleton")
        ]

    def __str__(self) -> str:
        return f"audit chain head at #{self.seq}"
