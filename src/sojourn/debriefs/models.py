"""Debriefs: what happened on a trip, whom the traveller met, and what went wrong."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sojourn.people.scoping import ScopedQuerySet
from sojourn.trips.models import Trip
from sojourn.vault.fields import SealedTextField


class DebriefStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    ACCEPTED = "accepted", _("Accepted")


class DebriefQuerySet(ScopedQuerySet["Debrief"]):
    owner_lookup = "trip__traveller"
    organisation_lookup = "trip__organisation"

    def visible_to(self, user: Any) -> Self:
        """A draft is the traveller's own until they file it; readers see it once filed."""
        visible = super().visible_to(user)
        return visible.filter(Q(trip__traveller_id=user.pk) | ~Q(status=DebriefStatus.DRAFT))


class Debrief(models.Model):
    # One debrief per trip, enforced by the one-to-one's unique constraint.
    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="debrief")
    status = models.CharField(
        _("status"), max_length=16, choices=DebriefStatus.choices, default=DebriefStatus.DRAFT
    )
    summary = SealedTextField(_("summary of activities"), blank=True)
    materials = SealedTextField(_("materials exchanged"), blank=True)
    # Said explicitly, so an empty list of meetings is a statement and not an omission.
    no_meetings = models.BooleanField(_("no meetings held"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_debriefs",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    # Retention's end of the debrief (sojourn.retention), whichever the regime chose: its texts
    # removed, or kept whole and sealed but out of the lists.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = DebriefQuerySet.as_manager()

    class Meta:
        verbose_name = _("debrief")
        verbose_name_plural = _("debriefs")
        indexes = [
            models.Index(fields=["status"]),
            # The debrief queue's "recently reviewed": the latest reviews without a sort of all.
            models.Index(fields=["reviewed_at", "id"], name="debrief_reviewed_idx"),
        ]

    def __str__(self) -> str:
        return f"Debrief of {self.trip}"


class DebriefMeeting(models.Model):
    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="meetings")
    counterpart = SealedTextField(_("counterpart"), max_length=200)
    organisation = SealedTextField(_("organisation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    topics = SealedTextField(_("topics"), blank=True)
    sensitive_topics = models.BooleanField(_("sensitive subjects came up"), default=False)
    future_contact_requested = models.BooleanField(_("future contact requested"), default=False)

    class Meta:
        ordering = ["debrief", "id"]
        verbose_name = _("meeting held")
        verbose_name_plural = _("meetings held")

    def __str__(self) -> str:
        return self.counterpart


class IncidentKind(models.TextChoices):
    DEVICE_INSPECTION = "device_inspection", _("Device inspection at a border")
    QUESTIONING = "questioning", _("Questioning")
    APPROACH = "approach", _("Approach")
    GIFT = "gift", _("Gift")
    DETENTION = "detention", _("Detention")
    HARASSMENT = "harassment", _("Harassment")
    OTHER = "other", _("Other")


class Incident(models.Model):
    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    description = SealedTextField(_("what happened"))

    class Meta:
        ordering = ["debrief", "occurred_on", "id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.get_kind_display()
