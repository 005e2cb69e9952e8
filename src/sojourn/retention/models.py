"""Retention: what was purged when (counts only), legal holds, and how far each trip's purge got."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sojourn.people.access import AnyUser, organisation_id_of, role_of
from sojourn.people.models import Organisation, Role


class Kind(models.TextChoices):
    CHECKIN_LOCATIONS = "checkin_locations", _("Check-in cities and notes")
    DEVIATION_LOCATIONS = "deviation_locations", _("Deviation cities and reasons")
    LEG_CITIES = "leg_cities", _("Itinerary cities")
    NOTIFICATIONS = "notifications", _("Notification texts")
    IDEMPOTENCY = "idempotency", _("Idempotency records")
    SESSIONS = "sessions", _("Expired sessions")
    DEBRIEFS = "debriefs", _("Debriefs anonymised")
    DEBRIEFS_ARCHIVED = "debriefs_archived", _("Debriefs archived")
    CONTACT_REPORTS = "contact_reports", _("Contact reports anonymised")
    SIGHTING_DETAILS = "sighting_details", _("What was said of contacts")


class Sweep(models.Model):
    """When the worker last swept for data past its period: one row, claimed by one conditional
    UPDATE, so of several workers one sweeps (sojourn.retention.job.purge_due)."""

    swept_at = models.DateTimeField(_("swept at"), null=True, blank=True)

    class Meta:
        verbose_name = _("retention sweep")
        verbose_name_plural = _("retention sweeps")

    def __str__(self) -> str:
        return f"Retention sweep at {self.swept_at}"


class PurgeQuerySet(models.QuerySet["Purge"]):
    def visible_to(self, user: AnyUser) -> PurgeQuerySet:
        """Oversight and auditors: every purge; an officer: their organisation's and the
        deployment's own (sessions, idempotency records); nobody else."""
        role = role_of(user)
        if role in (Role.OVERSIGHT, Role.AUDITOR):
            return self.all()
        if role == Role.OFFICER:
            mine = organisation_id_of(user)
            return self.filter(models.Q(organisation_id=mine) | models.Q(organisation=None))
        return self.none()


class Purge(models.Model):
    """One kind of data purged in one pass: how many rows, never which values."""

    at = models.DateTimeField(_("time"))
    what = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"))
    # None: data of the deployment rather than of one organisation (sessions, API keys).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )

    objects = PurgeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("purge")
        verbose_name_plural = _("purges")
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self) -> str:
        return f"{self.what} ×{self.count} at {self.at:%Y-%m-%d %H:%M}"


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(cleared_at__isnull=True)


class LegalHold(models.Model):
    """Keeps a person's or a trip's debriefs from being anonymised, until it is cleared."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_holds",
        verbose_name=_("person"),
    )
    trip = models.ForeignKey(
        "trips.Trip",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_holds",
        verbose_name=_("trip"),
    )
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"))
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cleared by"),
    )
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    clear_reason = models.TextField(_("reason for clearing"), blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-id"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True, trip__isnull=False)
                | models.Q(person__isnull=False, trip__isnull=True),
                name="legal_hold_on_a_person_or_a_trip",
            )
        ]

    def __str__(self) -> str:
        target = f"trip {self.trip_id}" if self.trip_id else f"person {self.person_id}"
        return f"legal hold on {target}"


class TripPurge(models.Model):
    """How far retention went with one trip that is over, so a pass never redoes a trip's purge.
    `checkins_reduced_at`: when every place it kept was reduced to its country (check-ins,
    deviations, legs); a debrief says itself when it was anonymised or archived."""

    trip = models.OneToOneField(
        "trips.Trip", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    checkins_reduced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("trip purge")
        verbose_name_plural = _("trip purges")

    def __str__(self) -> str:
        return f"purge of trip {self.trip_id}"
