from django.contrib import admin

from sojourn.debriefs.models import Debrief, DebriefMeeting, Incident


class MeetingInline(admin.TabularInline[DebriefMeeting, Debrief]):
    model = DebriefMeeting
    extra = 0


class IncidentInline(admin.TabularInline[Incident, Debrief]):
    model = Incident
    extra = 0


@admin.register(Debrief)
class DebriefAdmin(admin.ModelAdmin[Debrief]):
    list_display = ["trip", "status", "submitted_at", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    raw_id_fields = ["trip", "reviewed_by"]
    readonly_fields = ["status"]
    inlines = [MeetingInline, IncidentInline]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin[Incident]):
    list_display = ["debrief", "kind", "occurred_on", "country"]
    list_filter = ["kind", "country"]
    raw_id_fields = ["debrief"]
