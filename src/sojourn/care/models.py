"""Duty of care while abroad: check-ins and deviations from the itinerary."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sojourn.people.scoping import ScopedQuerySet
from sojourn.trips.models import Trip
from sojourn.vault.fields import SealedJSONField, SealedTextField


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
    # Where and what, sealed at rest; the country stays plain (lists filter on it).
    city = SealedTextField(_("city"), max_length=120, blank=True)
    note = SealedTextField(_("note"), blank=True)

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
    city = SealedTextField(_("city"), max_length=120, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    transit = models.BooleanField(_("transit only"), default=False)
    reason = SealedTextField(_("reason"))
    assessment = models.JSONField(_("re-assessment"), null=True, blank=True)

    objects = DeviationQuerySet.as_manager()

    class Meta:
        ordering = ["trip", "-reported_at"]
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="deviation_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.starts_on}–{self.ends_on}"


class EscalationKind(models.TextChoices):
    MISSED_CHECKIN = "missed_checkin", _("Check-in missed")
    UNREACHABLE = "unreachable", _("Unreachable")
    NEED_HELP = "need_help", _("Asked for help")
    OFF_ITINERARY = "off_itinerary", _("Checked in off the itinerary")
    DEBRIEF_OVERDUE = "debrief_overdue", _("Debrief overdue")
    DEBRIEF_OVERDUE_OVERSIGHT = "debrief_overdue_oversight", _("Debrief long overdue")
    LATE_REPORT = "late_report", _("Reported late: follow-up")
    LATE_REPORT_OVERDUE = "late_report_overdue", _("Late-report follow-up overdue")
    DEVIATION = "deviation", _("Deviation made the trip stricter")


class EscalationQuerySet(ScopedQuerySet["Escalation"]):
    owner_lookup = "trip__traveller"
    organisation_lookup = "trip__organisation"

    def open(self) -> EscalationQuerySet:
        return self.filter(resolved_at__isnull=True)


class Escalation(models.Model):
    """Something about a trip that needs a person's attention, until its cause resolves.

    `reference` names the occurrence (the check-in that fell due, the debrief deadline): the
    unique constraint makes opening the same escalation twice impossible, whichever worker
    gets there first.
    """

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="escalations")
    kind = models.CharField(_("kind"), max_length=32, choices=EscalationKind.choices)
    reference = models.CharField(_("occurrence"), max_length=64)
    urgent = models.BooleanField(_("urgent"), default=False)
    opened_at = models.DateTimeField(_("opened at"))
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # How it was closed: an officer's own words (where the traveller was found), sealed.
    resolution = SealedTextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Ids now; an older row may name a place or hold a note: sealed like the check-in's.
    data = SealedJSONField(_("details"), default=dict, blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "kind", "reference"], name="escalation_once_per_occurrence"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "resolved_at"]),
            models.Index(fields=["trip", "resolved_at"]),
            # What is still open, in the dashboards' order (urgent first, then the oldest):
            # a few hundred rows among every escalation ever opened.
            models.Index(
                F("urgent").desc(),
                F("opened_at"),
                F("id"),
                condition=Q(resolved_at__isnull=True),
                name="escalation_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.trip_id})"


class Reminder(models.Model):
    """A reminder sent: once per trip, reason and due date, guaranteed by the constraint."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="reminders")
    reason = models.CharField(_("reason"), max_length=32)
    reference = models.CharField(_("due"), max_length=64)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "reason", "reference"], name="reminder_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.reference} ({self.trip_id})"


class CheckInLink(models.Model):
    """One tap in a check-in reminder ("I am safe" or "I need help"), good once until it expires.

    The URL in the email carries a signed token naming this row (see `sojourn.care.links`); the
    row says what the tap means and whether it may still be used.
    """

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="checkin_links")
    intent = models.CharField(_("intent"), max_length=16, choices=CheckInStatus.choices)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by_checkin = models.ForeignKey(
        CheckIn,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("check-in recorded"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("check-in link")
        verbose_name_plural = _("check-in links")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="checkin_link_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(used_by_checkin__isnull=True) | models.Q(used_at__isnull=False),
                name="checkin_link_recorded_only_when_used",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intent} link ({self.trip_id}) until {self.expires_at:%Y-%m-%d %H:%M}"


class WorkerBeat(models.Model):
    """A worker process's last finished pass, one row per process (`host:pid`), refreshed after
    every pass: readiness asks how old the newest is (sojourn.care.readiness)."""

    worker = models.CharField(_("worker"), max_length=200, unique=True)
    passed_at = models.DateTimeField(_("last pass at"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker} passed at {self.passed_at:%Y-%m-%d %H:%M:%S}"
