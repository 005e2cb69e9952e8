import json
from typing import Any

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from sojourn.audit.models import AuditEvent
from sojourn.audit.redaction import shown


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the trail is written by the services and never edited by hand. An event's data
    is shown as every reader of the trail shows it (`sojourn.audit.redaction`): the places and
    words older events carry are hidden; the stored event is untouched."""

    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id", "action"]
    date_hierarchy = "at"
    exclude = ["data"]
    readonly_fields = ["shown_data"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("data"))
    def shown_data(self, event: AuditEvent) -> str:
        data = shown(event.action, event.data)
        text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder)
        return format_html("<pre>{}</pre>", text)
