"""Trips, their legs and planned meetings, the reviews of the approval chain, and invitations."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sojourn.people.models import Organisation
from sojourn.people.scoping import ScopedQuerySet
from sojourn.vault.fields import SealedTextField


class TripStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")
    IN_PROGRESS = "in_progress", _("In progress")
    RETURNED = "returned", _("Returned")
    DEBRIEFED = "debriefed", _("Debriefed")
    CLOSED = "closed", _("Closed")


class Purpose(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    BUSINESS = "business", _("Business")
    ACADEMIC = "academic", _("Academic")
    PERSONAL = "personal", _("Personal")
    EMERGENCY = "emergency", _("Emergency")


# The sort keys of sojourn.trips.filtering's orders (nullable columns put last), stored below.
_DEPARTS_LAST = Coalesce("starts_on", Value(datetime.date.max), output_field=models.DateField())
_DEPARTS_FIRST = Coalesce("starts_on", Value(datetime.date.min), output_field=models.DateField())
_RISK = Coalesce("risk_score", Value(-1), output_field=models.IntegerField())


class TripQuerySet(ScopedQuerySet["Trip"]):
    owner_lookup = "traveller"
    organisation_lookup = "organisation"


class Trip(models.Model):
    traveller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="trips",
        verbose_name=_("traveller"),
    )
    # The traveller's organisation when the trip was created: the officer's scope, indexed.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="trips", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.BUSINESS
    )
    necessity = models.TextField(_("necessity justification"), blank=True)
    alternatives = models.TextField(_("alternatives considered"), blank=True)
    invitation = models.ForeignKey(
        "trips.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trips",
        verbose_name=_("invitation"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TripStatus.choices, default=TripStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    needs_reapproval = models.BooleanField(_("needs re-approval"), default=False)
    # The approval round: a request for changes sends the trip back, the next submission opens
    # a new round of reviews.
    review_round = models.PositiveIntegerField(_("review round"), default=0)

    # Denormalised from the legs so queues sort and filter on indexed columns.
    starts_on = models.DateField(_("departure"), null=True, blank=True)
    ends_on = models.DateField(_("return"), null=True, blank=True)

    # The assessment snapshot taken at submission: policy id@version and the whole result.
    assessment = models.JSONField(_("assessment"), null=True, blank=True)
    policy = models.CharField(_("policy"), max_length=100, blank=True)
    tier = models.CharField(_("tier"), max_length=50, blank=True)
    route = models.CharField(_("route"), max_length=20, blank=True)
    risk_score = models.PositiveSmallIntegerField(_("risk score"), null=True, blank=True)
    report_by = models.DateField(_("report by"), null=True, blank=True)
    debrief_due = models.DateField(_("debrief due"), null=True, blank=True)
    late_report = models.BooleanField(_("reported late"), default=False)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    withdraw_reason = models.TextField(_("withdrawal reason"), blank=True)
    # Duty of care, denormalised so the worker finds what is due with an indexed query.
    checkin_hours = models.PositiveSmallIntegerField(
        _("check-in interval (hours)"), null=True, blank=True
    )
    checkin_due_at = models.DateTimeField(_("next check-in due"), null=True, blank=True)
    briefing_acknowledged_at = models.DateTimeField(
        _("briefing acknowledged at"), null=True, blank=True
    )

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    departed_at = models.DateTimeField(_("departed at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # The sort keys of the list orders (sojourn.trips.filtering.ORDERINGS): never null (a trip
    # without a departure or a risk score sorts last), computed and stored by the database on
    # every write, so that both databases read a page of any order from a plain index. (SQLite
    # cannot match an index on the Coalesce itself: Django passes its default as a parameter.)
    sort_departure = models.GeneratedField(
        expression=_DEPARTS_LAST, output_field=models.DateField(), db_persist=True
    )
    sort_departure_desc = models.GeneratedField(
        expression=_DEPARTS_FIRST, output_field=models.DateField(), db_persist=True
    )
    sort_risk = models.GeneratedField(
        expression=_RISK, output_field=models.IntegerField(), db_persist=True
    )

    objects = TripQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        indexes = [
            models.Index(fields=["organisation", "status", "starts_on"]),
            models.Index(fields=["traveller", "status"]),
            models.Index(fields=["status", "starts_on"]),
            models.Index(fields=["status", "ends_on"]),
            models.Index(fields=["status", "checkin_due_at"]),
            models.Index(fields=["status", "debrief_due"]),
            # The orders of a list of trips (sojourn.trips.filtering.ORDERINGS), for those who
            # see every organisation and, led by the organisation, for its officers: a page
            # reads its rows in index order instead of sorting the whole list. The sort keys
            # are the stored columns above.
            models.Index(fields=["created_at", "id"], name="trip_created_idx"),
            models.Index(fields=["organisation", "created_at", "id"], name="trip_org_created_idx"),
            models.Index(fields=["sort_departure", "id"], name="trip_departure_idx"),
            models.Index(
                fields=["organisation", "sort_departure", "id"], name="trip_org_departure_idx"
            ),
            models.Index(fields=["sort_departure_desc", "id"], name="trip_departure_desc_idx"),
            models.Index(
                fields=["organisation", "sort_departure_desc", "id"],
                name="trip_org_departure_desc_idx",
            ),
            models.Index(fields=["sort_risk", "id"], name="trip_risk_idx"),
            models.Index(fields=["organisation", "sort_risk", "id"], name="trip_org_risk_idx"),
            # The filters that pick out few trips; the others walk an order's index.
            models.Index(fields=["tier", "created_at"], name="trip_tier_idx"),
            models.Index(fields=["route", "created_at"], name="trip_route_idx"),
            models.Index(fields=["starts_on"], name="trip_starts_idx"),
            models.Index(fields=["ends_on"], name="trip_ends_idx"),
            models.Index(
                fields=["created_at"],
                name="trip_reapproval_idx",
                condition=Q(needs_reapproval=True),
            ),
            # The watch list's travellers abroad, in its order after the unreachable
            # (sojourn.console.selectors.watch.abroad_page). The title search's trigram index
            # exists on PostgreSQL only: migration 0005.
            models.Index(
                fields=["status", "checkin_due_at", "ends_on", "id"], name="trip_abroad_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="trip_ends_not_before_start",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="trip_version_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def findings(self) -> list[dict[str, Any]]:
        if not self.assessment:
            return []
        return list(self.assessment.get("findings", []))

    @property
    def approvals(self) -> list[str]:
        if not self.assessment:
            return []
        return list(self.assessment.get("approvals", []))

    def countries(self) -> list[str]:
        return [leg.country for leg in self.legs.all()]


class Leg(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="legs")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    transit = models.BooleanField(_("transit only"), default=False)

    class Meta:
        ordering = ["trip", "position", "starts_on"]
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="leg_end_not_before_start"
            ),
        ]
        indexes = [models.Index(fields=["country", "starts_on"], name="leg_country_starts_idx")]

    def __str__(self) -> str:
        return f"{self.country} {self.city} {self.starts_on}–{self.ends_on}"


class PlannedMeeting(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="meetings")
    counterpart = SealedTextField(_("counterpart"), max_length=200)
    organisation = SealedTextField(_("organisation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    topics = SealedTextField(_("topics"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["trip", "date", "id"]
        verbose_name = _("planned meeting")
        verbose_name_plural = _("planned meetings")

    def __str__(self) -> str:
        return f"{self.counterpart} ({self.organisation})"


class ReviewDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVE = "approve", _("Approved")
    DENY = "deny", _("Denied")
    REQUEST_CHANGES = "request_changes", _("Changes requested")


SYSTEM_STEP = "system"


class Review(models.Model):
    """One step of the approval chain in one round; the system records automatic outcomes."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="reviews")
    step = models.CharField(_("step"), max_length=50)
    round = models.PositiveIntegerField(_("round"))
    position = models.PositiveSmallIntegerField(_("order in chain"), default=0)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("reviewer"),
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    conditions = models.TextField(_("conditions"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["trip", "round", "position"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "step", "round"], name="review_one_step_per_trip_and_round"
            ),
        ]
        indexes = [models.Index(fields=["step", "decision"])]

    def __str__(self) -> str:
        return f"{self.step} r{self.round}: {self.decision}"


class InvitationDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    DECLINED = "declined", _("Declined")
    ACCEPTED = "accepted", _("Accepted")


class PaidBy(models.TextChoices):
    HOST = "host", _("The host")
    EMPLOYER = "employer", _("My organisation")
    THIRD_PARTY = "third_party", _("A third party")
    SELF = "self", _("Myself")


class FundedItem(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    LODGING = "lodging", _("Lodging")
    HONORARIUM = "honorarium", _("Honorarium")
    GIFT = "gift", _("Gifts")
    OTHER = "other", _("Other")


class Payer(models.TextChoices):
    """Who pays for one funded item: PaidBy's answers, and nobody (nothing of the kind)."""

    EMPLOYER = "employer", _("My organisation")
    HOST = "host", _("The host")
    THIRD_PARTY = "third_party", _("A third party")
    SELF = "self", _("Myself")
    NOBODY = "nobody", _("Nobody: none offered")


PENDING_FIRST = Case(
    When(decision=InvitationDecision.PENDING, then=Value(0)),
    default=Value(1),
    output_field=models.IntegerField(),
)
"""The web list's first sort key: the invitations still to decide before the others (stored as
Invitation.sort_pending)."""


class InvitationQuerySet(ScopedQuerySet["Invitation"]):
    owner_lookup = "invitee"
    organisation_lookup = "organisation"


class Invitation(models.Model):
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("invitee"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invitations"
    )
    event = models.CharField(_("event"), max_length=200)
    host_organisation = models.CharField(_("host organisation"), max_length=200)
    inviter_name = models.CharField(_("who invited"), max_length=200, blank=True)
    inviter_organisation = models.CharField(_("inviter's organisation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    paid_by = models.CharField(_("paid by"), max_length=16, choices=PaidBy.choices)
    funding = models.JSONField(
        _("funding"),
        default=list,
        blank=True,
        help_text="Who pays for what: [{item, paid_by, payer_name, payer_country, value}], one "
        "row per funded item, in the order of FundedItem.",
    )
    received_on = models.DateField(_("received on"))
    notes = models.TextField(_("notes"), blank=True)
    pre_assessment = models.JSONField(_("pre-assessment"), null=True, blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=16,
        choices=InvitationDecision.choices,
        default=InvitationDecision.PENDING,
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The web list's first sort key (PENDING_FIRST), stored by the database on every write: a
    # keyset page deep in the list starts from the index on it, on both databases.
    sort_pending = models.GeneratedField(
        expression=PENDING_FIRST, output_field=models.IntegerField(), db_persist=True
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="invitation_ends_not_before_start"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "decision"]),
            # The API's list (latest first) for everyone and, led by the organisation, for an
            # officer; the web's list (pending first, then by date) the same two ways.
            models.Index(fields=["starts_on", "id"], name="invitation_starts_idx"),
            models.Index(
                fields=["organisation", "starts_on", "id"], name="invitation_org_starts_idx"
            ),
            models.Index(fields=["sort_pending", "starts_on", "id"], name="invitation_pending_idx"),
            models.Index(
                fields=["organisation", "sort_pending", "starts_on", "id"],
                name="invitation_org_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.event

    @property
    def days(self) -> int:
        delta: datetime.timedelta = self.ends_on - self.starts_on
        return delta.days + 1
