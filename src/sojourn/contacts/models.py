"""The contact register: foreign people and organisations, every place they appear, reports.

Each organisation keeps its own register (its officers resolve it); contacts of several
registers that are one person are linked in a cluster, which oversight sees. Names, identifiers,
notes and what was said are personal data, sealed at rest; what matching looks up (blocking keys,
identifiers) is kept as keyed fingerprints (`sojourn.contacts.fingerprints`), never as text.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sojourn.people.access import organisation_id_of, role_of
from sojourn.people.models import Organisation, Role
from sojourn.people.scoping import ScopedQuerySet
from sojourn.trips.models import Invitation, Trip
from sojourn.vault.fields import SealedJSONField, SealedTextField


class ContactKind(models.TextChoices):
    PERSON = "person", pgettext_lazy("contact kind", "Person")
    ORGANISATION = "organisation", pgettext_lazy("contact kind", "Organisation")


class ContactQuerySet(ScopedQuerySet["Contact"]):
    def visible_to(self, user: Any) -> Self:
        """Officers their organisation's register, oversight and auditors every register, a
        traveller the contacts they reported themselves ("my contacts")."""
        role = role_of(user)
        if role in {Role.OVERSIGHT, Role.AUDITOR}:
            return self.all()
        if role == Role.OFFICER:
            return self.filter(organisation_id=organisation_id_of(user))
        if role == Role.TRAVELLER:
            return self.filter(sightings__reporter_id=user.pk).distinct()
        return self.none()

    def current(self) -> Self:
        """Contacts not merged into another."""
        return self.filter(merged_into__isnull=True)


class Cluster(models.Model):
    """Contacts of several registers that are one person or organisation."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return f"Cluster {self.pk}"


class Contact(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=ContactKind.choices, default=ContactKind.PERSON
    )
    name = SealedTextField(_("name"), max_length=200)
    affiliation = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    notes = SealedTextField(_("notes"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["organisation", "merged_into"])]

    def __str__(self) -> str:
        return f"Contact {self.pk}"


class Alias(models.Model):
    """A name of a contact (its primary name is one too), in any script."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="aliases")
    name = SealedTextField(_("name"), max_length=200)

    class Meta:
        ordering = ["id"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return f"Alias {self.pk}"


class BlockKey(models.Model):
    """A blocking key of an alias, as a keyed fingerprint: what a new name is looked up by."""

    alias = models.ForeignKey(Alias, on_delete=models.CASCADE, related_name="keys")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=32)

    class Meta:
        verbose_name = _("blocking key")
        verbose_name_plural = _("blocking keys")
        indexes = [models.Index(fields=["key", "organisation"])]

    def __str__(self) -> str:
        return self.key


class IdentifierKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    HANDLE = "handle", _("Social handle")


class Identifier(models.Model):
    """A strong identifier: the same value is the same contact."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="identifiers")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=IdentifierKind.choices)
    value = SealedTextField(_("value"), max_length=200)
    fingerprint = models.CharField(_("fingerprint"), max_length=32, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("strong identifier")
        verbose_name_plural = _("strong identifiers")

    def __str__(self) -> str:
        return f"Identifier {self.pk}"


class ContactCategory(models.TextChoices):
    STAY_IN_TOUCH = "stay_in_touch", _("Asked to stay in touch")
    PERSONAL_DETAILS = "personal_details", _("Exchanged personal details")
    UNUSUAL_INTEREST = "unusual_interest", _("Unusual interest in my work or colleagues")
    OFFER = "offer", _("Offered money, a job, a talent-programme place, a gift or paid travel")
    CARRY_REQUEST = "carry_request", _("Asked me to carry something")
    QUESTIONED = "questioned", _("Questioned, pressed or threatened")
    SUSPICIOUS = "suspicious", _("Suspicious circumstances")
    ONLINE_APPROACH = "online_approach", _("Approached online")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    MESSAGING = "messaging", _("Messaging app")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Other")


class ContactReportQuerySet(ScopedQuerySet["ContactReport"]):
    owner_lookup = "traveller"
    organisation_lookup = "organisation"


class ContactReport(models.Model):
    """A contact a traveller reports at any time, with no trip."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    traveller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_reports"
    )
    category = models.CharField(_("category"), max_length=20, choices=ContactCategory.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    occurred_on = models.DateField(_("date of the contact"))
    country = models.CharField(_("country"), max_length=2, blank=True)
    city = SealedTextField(_("city"), max_length=100, blank=True)
    counterpart = SealedTextField(_("counterpart"), max_length=200)
    affiliation = SealedTextField(_("affiliation"), max_length=200, blank=True)
    email = SealedTextField(_("e-mail"), max_length=200, blank=True)
    phone = SealedTextField(_("phone"), max_length=40, blank=True)
    handle = SealedTextField(_("social handle"), max_length=200, blank=True)
    narrative = SealedTextField(_("what happened"))
    reported_on = models.DateField(_("reporting date"))
    report_by = models.DateField(_("report by"), null=True, blank=True)
    late_report = models.BooleanField(_("late report"), default=False)
    # The assessment's findings (a late_contact_report), as the policy engine gave them.
    findings = models.JSONField(_("findings"), default=list, blank=True)
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Retention's end of the report (sojourn.retention): its texts removed, its facts kept.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = ContactReportQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("contact report")
        verbose_name_plural = _("contact reports")

    def __str__(self) -> str:
        return f"Contact report {self.pk}"


class SightingSource(models.TextChoices):
    PLANNED_MEETING = "planned_meeting", _("Planned meeting")
    DEBRIEF_MEETING = "debrief_meeting", _("Meeting held")
    INVITATION_HOST = "invitation_host", _("Invitation host")
    INVITATION_INVITER = "invitation_inviter", _("Inviter")
    INCIDENT = "incident", _("Incident")
    CONTACT_REPORT = "contact_report", _("Contact report")


class SightingQuerySet(ScopedQuerySet["Sighting"]):
    owner_lookup = "reporter"
    organisation_lookup = "organisation"


class Sighting(models.Model):
    """One place a contact appears."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="sightings")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("source"), max_length=20, choices=SightingSource.choices)
    occurred_on = models.DateField(_("date"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_sightings"
    )
    trip = models.ForeignKey(Trip, on_delete=models.SET_NULL, null=True, blank=True)
    invitation = models.ForeignKey(Invitation, on_delete=models.SET_NULL, null=True, blank=True)
    contact_report = models.ForeignKey(
        ContactReport, on_delete=models.CASCADE, null=True, blank=True, related_name="sightings"
    )
    name = SealedTextField(_("name as given"), max_length=200)
    details = SealedTextField(_("what was said"), blank=True)
    # The row it was read from (`trips.plannedmeeting:12`), so reading it again adds nothing.
    reference = models.CharField(_("occurrence"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = SightingQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("sighting")
        verbose_name_plural = _("sightings")
        indexes = [models.Index(fields=["contact", "occurred_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="sighting_once_per_row"
            )
        ]

    def __str__(self) -> str:
        return f"Sighting {self.pk}"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class SuggestionQuerySet(ScopedQuerySet["Suggestion"]):
    def visible_to(self, user: Any) -> Self:
        """Officers decide their register's suggestions; oversight the cross-organisation ones
        (no organisation), and reads every one; travellers none."""
        role = role_of(user)
        if role in {Role.OVERSIGHT, Role.AUDITOR}:
            return self.all()
        if role == Role.OFFICER:
            return self.filter(organisation_id=organisation_id_of(user))
        return self.none()


class Suggestion(models.Model):
    """Two contacts whose names (and affiliation, country) suggest they are one; a pair is
    suggested once, ever: `contact` is the lower id, so the constraint holds either way round."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    # Whose officers decide; null: contacts of two registers, decided by oversight.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(fields=["contact", "candidate"], name="suggestion_once"),
            models.CheckConstraint(
                condition=Q(contact__lt=models.F("candidate")), name="suggestion_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"Suggestion {self.pk}"


class MergeKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")


class Merge(models.Model):
    """A merge (`contact` moved into `into`) or a split (sightings of `into` moved to the new
    `contact`), with what it moved, so that undoing it moves exactly that back."""

    kind = models.CharField(_("kind"), max_length=8, choices=MergeKind.choices)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    into = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    # {"sightings": [...], "aliases": [...], "identifiers": [...], "alias_created": id | null}
    moved = models.JSONField(_("moved"), default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("merge or split")
        verbose_name_plural = _("merges and splits")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class Threshold(models.TextChoices):
    TRAVELLERS = "travellers", _("Distinct travellers")
    SIGHTINGS = "sightings", _("Sightings")
    ORGANISATIONS = "organisations", _("Organisations")


class CorrelationAlert(models.Model):
    """A threshold a contact (or, across organisations, its cluster) crossed: raised once."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="alerts")
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    threshold = models.CharField(_("threshold"), max_length=16, choices=Threshold.choices)
    value = models.PositiveIntegerField(_("value"))
    raised_at = models.DateTimeField(_("raised at"))
    # What the alert said, as ids and counts.
    data = SealedJSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("correlation alert")
        verbose_name_plural = _("correlation alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "threshold"],
                condition=Q(cluster__isnull=True),
                name="correlation_alert_once_per_contact",
            ),
            models.UniqueConstraint(
                fields=["cluster", "threshold"],
                condition=Q(cluster__isnull=False),
                name="correlation_alert_once_per_cluster",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.threshold} alert {self.pk}"
