"""Duty of care while abroad: check-ins and deviations from the itinerary."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sojourn.people.scoping import ScopedQuerySet
from sojourn.trips.models import Trip


class CheckInStatus(models.TextChoices):
    OK = "ok", _("I am safe")
    NEED_HELP = "need_help", _("I need help")


class CheckInQuerySet(ScopedQuerySet["CheckIn"]):
    owner_lookup = "trip__traveller"
    organisation_lookup = "trip__organisation"


class CheckIn(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="checkins")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkins"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=CheckInStatus.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["trip", "-at"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["trip", "-at"])]

    def __str__(self) -> str:
        return f"{self.status} {self.at:%Y-%m-%d %H:%M}"


class DeviationQuerySet(ScopedQuerySet["Deviation"]):
    owner_lookup = "trip__traveller"
    organisation_lookup = "trip__organisation"


class Deviation(models.Model):
    """A change of itinerary reported while travelling; re-assessed when it is recorded."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="deviations")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deviations"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    transit = models.BooleanField(_("transit only"), default=False)
    reason = models.TextField(_("reason"))
    assessment = models.JSONField(_("re-assessment"), null=True, blank=True)

    objects = DeviationQuerySet.as_manager()

    class Meta:
        ordering = ["trip", "-reported_at"]
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="deviation_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.start_date}–{self.end_date}"
