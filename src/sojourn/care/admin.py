from django.contrib import admin

from sojourn.care.models import CheckIn, Deviation


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin[CheckIn]):
    list_display = ["trip", "by", "at", "status", "country", "city"]
    list_filter = ["status", "country"]
    raw_id_fields = ["trip", "by"]
    date_hierarchy = "at"


@admin.register(Deviation)
class DeviationAdmin(admin.ModelAdmin[Deviation]):
    list_display = ["trip", "reported_by", "reported_at", "country", "starts_on", "ends_on"]
    list_filter = ["country"]
    raw_id_fields = ["trip", "reported_by"]
