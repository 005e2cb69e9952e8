from django.contrib import admin

from sojourn.trips.models import Invitation, Leg, PlannedMeeting, Review, Trip


class LegInline(admin.TabularInline[Leg, Trip]):
    model = Leg
    extra = 0


class MeetingInline(admin.TabularInline[PlannedMeeting, Trip]):
    model = PlannedMeeting
    extra = 0


class ReviewInline(admin.TabularInline[Review, Trip]):
    model = Review
    extra = 0
    readonly_fields = [
        "step",
        "round",
        "reviewer",
        "decision",
        "conditions",
        "comment",
        "decided_at",
    ]
    can_delete = False


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin[Trip]):
    list_display = [
        "title",
        "traveller",
        "organisation",
        "status",
        "tier",
        "route",
        "starts_on",
        "ends_on",
        "late_report",
        "needs_reapproval",
    ]
    list_filter = ["status", "tier", "route", "organisation", "late_report", "needs_reapproval"]
    search_fields = ["title", "traveller__username", "legs__city"]
    date_hierarchy = "starts_on"
    list_select_related = ["traveller", "organisation"]
    raw_id_fields = ["traveller", "invitation"]
    # Status and version change only through the lifecycle services.
    readonly_fields = ["status", "version", "assessment", "review_round"]
    inlines = [LegInline, MeetingInline, ReviewInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin[Review]):
    list_display = ["trip", "step", "round", "decision", "reviewer", "decided_at"]
    list_filter = ["step", "decision"]
    raw_id_fields = ["trip", "reviewer"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["event", "invitee", "organisation", "country", "starts_on", "decision"]
    list_filter = ["decision", "country", "organisation", "paid_by"]
    search_fields = ["event", "host_organisation", "invitee__username"]
    raw_id_fields = ["invitee"]
