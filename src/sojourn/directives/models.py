"""Policy versions, directives and the re-assessment runs they start."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sojourn.people.access import reads_everything


class PolicyVersion(models.Model):
    """One version of a policy pack: its YAML as it was issued, never edited afterwards."""

    pack_id = models.CharField(_("pack"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    source = models.TextField(_("YAML"))
    effective_from = models.DateTimeField(_("effective from"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    shipped = models.BooleanField(_("ships with Sojourn"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["pack_id", "-version"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.UniqueConstraint(fields=["pack_id", "version"], name="policy_version_unique")
        ]
        indexes = [models.Index(fields=["pack_id", "effective_from"])]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        return f"{self.pack_id}@{self.version}"


class DirectiveKind(models.TextChoices):
    POLICY = "policy", _("New policy version")
    ADVISORY = "advisory", _("Advisory")
    CANCEL_TRIP = "cancel_trip", _("Instruction: cancel a trip")
    HOLD_PERSON = "hold_person", _("Instruction: hold a person's travel")


class AdvisoryEffect(models.TextChoices):
    RAISE_TIER = "raise_tier", _("Raise to a tier")
    PROHIBIT = "prohibit", _("Prohibit travel")


class DirectiveQuerySet(models.QuerySet["Directive"]):
    def visible_to(self, user: object) -> DirectiveQuerySet:
        """Directives are the authority's record: oversight and auditors read them."""
        return self.all() if reads_everything(user) else self.none()  # type: ignore[arg-type]

    def in_force(self, at: object) -> DirectiveQuerySet:
        return self.filter(effective_from__lte=at, revoked_at__isnull=True)


class Directive(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=DirectiveKind.choices)
    text = models.TextField(_("text"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    effective_from = models.DateTimeField(_("effective from"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    # A new policy version.
    policy_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="directives"
    )
    # An advisory: destinations (ISO codes or @GROUP references) over a window of dates.
    destinations = models.JSONField(_("destinations"), default=list, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    effect = models.CharField(
        _("effect"), max_length=16, choices=AdvisoryEffect.choices, blank=True
    )
    tier = models.CharField(_("tier"), max_length=50, blank=True)
    # An instruction about one trip or one person.
    trip = models.ForeignKey(
        "trips.Trip", on_delete=models.PROTECT, null=True, blank=True, related_name="directives"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holds",
        verbose_name=_("person"),
    )
    hold_until = models.DateField(_("hold until"), null=True, blank=True)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        indexes = [models.Index(fields=["kind", "effective_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="directive_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReassessmentRun(models.Model):
    """Re-assessing every open trip after a directive: chunked, resumable from its cursor."""

    directive = models.ForeignKey(
        Directive, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Refreshed after every chunk: a running run whose heartbeat is old lost its process.
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    # The highest trip id already re-assessed: a restarted run goes on after it.
    cursor = models.BigIntegerField(_("cursor"), default=0)
    total = models.PositiveIntegerField(_("trips to re-assess"), default=0)
    processed = models.PositiveIntegerField(_("trips re-assessed"), default=0)
    changed = models.PositiveIntegerField(_("trips made stricter"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("re-assessment run")
        verbose_name_plural = _("re-assessment runs")

    def __str__(self) -> str:
        return f"run #{self.pk} ({self.status}, {self.processed}/{self.total})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.processed / self.total))


class ReassessmentChange(models.Model):
    """One trip whose outcome a run changed, and what it did about it."""

    run = models.ForeignKey(ReassessmentRun, on_delete=models.CASCADE, related_name="changes")
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="+")
    old_tier = models.CharField(max_length=50, blank=True)
    new_tier = models.CharField(max_length=50, blank=True)
    old_route = models.CharField(max_length=20, blank=True)
    new_route = models.CharField(max_length=20, blank=True)
    stricter = models.BooleanField(default=False)
    action = models.CharField(max_length=30)

    class Meta:
        verbose_name = _("re-assessment change")
        verbose_name_plural = _("re-assessment changes")
        ordering = ["run", "trip"]
        constraints = [
            models.UniqueConstraint(fields=["run", "trip"], name="one_change_per_trip_and_run")
        ]

    def __str__(self) -> str:
        return (
            f"{self.trip_id}: {self.old_tier}/{self.old_route} → {self.new_tier}/{self.new_route}"
        )
