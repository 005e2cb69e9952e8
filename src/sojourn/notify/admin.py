from django.contrib import admin

from sojourn.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = [
        "recipient",
        "channel",
        "kind",
        "subject",
        "urgent",
        "created_at",
        "sent_at",
        "attempts",
    ]
    list_filter = ["channel", "kind", "urgent"]
    search_fields = ["subject", "recipient__username"]
    raw_id_fields = ["recipient", "trip"]
    date_hierarchy = "created_at"
