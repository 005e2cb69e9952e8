from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sojourn.notify import delivery
from sojourn.notify.models import DeliveryAttempt, Notification


class DeliveryFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("failed", _("Failed")), ("pending", _("Pending")), ("sent", _("Sent"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        match self.value():
            case "failed":
                return queryset.filter(failed_at__isnull=False)
            case "pending":
                return queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
            case "sent":
                return queryset.filter(sent_at__isnull=False)
        return queryset


class DeliveryAttemptInline(admin.TabularInline[DeliveryAttempt, Notification]):
    """The record of every try: written by the worker, never by hand."""

    model = DeliveryAttempt
    extra = 0
    fields = ["attempted_at", "ok", "error", "duration_ms"]
    readonly_fields = ["attempted_at", "ok", "error", "duration_ms"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
        "next_attempt_at",
        "failed_at",
        "last_error",
    ]
    list_filter = [DeliveryFilter, "channel", "kind", "urgent"]
    search_fields = ["subject", "recipient__username", "last_error"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "trip"]
    date_hierarchy = "created_at"
    # Delivery state changes only through the worker and the "retry now" action.
    readonly_fields = [
        "claimed_at",
        "sent_at",
        "attempts",
        "last_error",
        "next_attempt_at",
        "failed_at",
    ]
    inlines = [DeliveryAttemptInline]
    actions = ["retry_now"]

    # Notifications are read-only in the admin (sojourn.audit.sensitive): retrying goes through
    # the delivery service, which audits it, so whoever may read them may ask for it.
    def has_retry_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    @admin.action(description=_("Retry delivery now"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        actor = request.user
        assert isinstance(actor, User)  # the admin lets only staff users in
        now = timezone.now()
        retried = sum(delivery.retry(row, actor=actor, now=now) for row in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification will be delivered at the next pass.",
                "%(count)d notifications will be delivered at the next pass.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS,
        )
        if left := queryset.count() - retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification was left alone: already delivered, or in-app.",
                    "%(count)d notifications were left alone: already delivered, or in-app.",
                    left,
                )
                % {"count": left},
                messages.WARNING,
            )
