"""Restricted-party lists as dated snapshots, and what screening found in them.

A list (`ScreeningList`) is named by its `list_id` and has a `threshold`; each import of it is a
`ListSnapshot` with its provenance (source file, format, as-of date, row count, sha256) and its
`ListEntry` rows. A snapshot is never changed or deleted: a newer one supersedes it for new
screening, and whatever was found in an older one keeps pointing at the entry it was found in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sojourn.contacts.models import Contact
from sojourn.people.models import Organisation
from sojourn.trips.models import Invitation, Trip
from sojourn.vault.fields import SealedTextField


class ListFormat(models.TextChoices):
    CSL = "csl", _("US Consolidated Screening List (CSV)")
    CSV = "csv", _("Sojourn list (CSV)")


class EntryKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    VESSEL = "vessel", _("Vessel")
    AIRCRAFT = "aircraft", _("Aircraft")
    OTHER = "other", _("Other")


DEFAULT_THRESHOLD = 90


class ScreeningList(models.Model):
    """A restricted-party list as an authority or the organisation publishes it."""

    list_id = models.SlugField(_("list"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # A name scoring this much or more (0-100) against an entry's name or alias is a hit.
    threshold = models.PositiveSmallIntegerField(_("threshold"), default=DEFAULT_THRESHOLD)

    class Meta:
        ordering = ["list_id"]
        verbose_name = _("screening list")
        verbose_name_plural = _("screening lists")

    def __str__(self) -> str:
        return self.list_id


class ListSnapshot(models.Model):
    """One import of a list: what it held as of a date, and where it came from."""

    screening_list = models.ForeignKey(
        ScreeningList, on_delete=models.PROTECT, related_name="snapshots"
    )
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=300)
    format = models.CharField(_("format"), max_length=8, choices=ListFormat.choices)
    row_count = models.PositiveIntegerField(_("row count"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        ordering = ["screening_list", "-as_of", "-id"]
        verbose_name = _("list snapshot")
        verbose_name_plural = _("list snapshots")
        indexes = [models.Index(fields=["screening_list", "as_of"])]

    def __str__(self) -> str:
        return f"{self.screening_list.list_id}@{self.as_of.isoformat()}"


class ListEntry(models.Model):
    """A party on a list, as one snapshot holds it. `fingerprint` digests what the entry says
    (names, kind, countries, programmes, source), so a later snapshot's entry with the same
    `entry_id` and fingerprint is the same entry unchanged."""

    snapshot = models.ForeignKey(ListSnapshot, on_delete=models.PROTECT, related_name="entries")
    entry_id = models.CharField(_("entry"), max_length=100)
    name = models.CharField(_("name"), max_length=500)
    aliases = models.JSONField(_("aliases"), default=list)
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    countries = models.JSONField(_("countries"), default=list)
    programmes = models.JSONField(_("programmes"), default=list)
    source = models.CharField(_("source list"), max_length=300, blank=True)
    addresses = models.TextField(_("addresses"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["snapshot", "id"]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "entry_id"], name="list_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.name}"


class HitSource(models.TextChoices):
    PLANNED_MEETING = "planned_meeting", _("Planned meeting")
    DEBRIEF_MEETING = "debrief_meeting", _("Meeting held")
    INVITATION_HOST = "invitation_host", _("Invitation's host")
    INVITATION_INVITER = "invitation_inviter", _("Invitation's inviter")
    CONTACT = "contact", _("Contact")


class Hit(models.Model):
    """A screened name that matched a list entry at the list's threshold or above. It names the
    entry of the snapshot it was found in, so a later snapshot leaves it as it was."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="hits")
    alias = models.CharField(_("alias"), max_length=500)
    score = models.FloatField(_("score"))
    source = models.CharField(_("source"), max_length=24, choices=HitSource.choices)
    field = models.CharField(_("field"), max_length=80)
    trip = models.ForeignKey(
        Trip, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A contact's hits are its flag: `flagged` says which contacts have one not dismissed.
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The name as it was written, and what a dismissal is remembered for: its matching form, or
    # the contact (`contact:ID`) whichever of its names matched.
    name = SealedTextField(_("name"), max_length=200)
    subject = SealedTextField(_("subject"))
    found_at = models.DateTimeField(_("found at"), default=timezone.now)

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("screening hit")
        verbose_name_plural = _("screening hits")
        indexes = [models.Index(fields=["organisation", "found_at"])]

    def __str__(self) -> str:
        return f"{self.source} {self.field} ~ {self.entry_id}"


class Dismissal(models.Model):
    """An officer's judgement that a hit is a false positive: it holds for that entry (by list
    and id, while its fingerprint is the same) and that subject in the organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    screening_list = models.ForeignKey(ScreeningList, on_delete=models.PROTECT, related_name="+")
    entry_id = models.CharField(_("entry"), max_length=100)
    fingerprint = models.CharField(max_length=64)
    subject = SealedTextField(_("subject"))
    hit = models.ForeignKey(Hit, on_delete=models.PROTECT, related_name="dismissals")
    reason = SealedTextField(_("reason"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dismissed by"),
    )
    dismissed_at = models.DateTimeField(_("dismissed at"))

    class Meta:
        ordering = ["-dismissed_at", "-id"]
        verbose_name = _("dismissal")
        verbose_name_plural = _("dismissals")
        indexes = [models.Index(fields=["organisation", "screening_list", "entry_id"])]

    def __str__(self) -> str:
        return f"{self.screening_list_id}:{self.entry_id}"
