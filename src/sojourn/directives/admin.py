from django.contrib import admin

from sojourn.directives.models import Directive, PolicyVersion, ReassessmentChange, ReassessmentRun


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin[PolicyVersion]):
    list_display = ["pack_id", "version", "title", "effective_from", "shipped", "issued_by"]
    list_filter = ["pack_id", "shipped"]
    # Issued versions are records: their text is never edited (issue a new version instead).
    readonly_fields = [
        "pack_id",
        "version",
        "title",
        "source",
        "effective_from",
        "issued_by",
        "shipped",
        "created_at",
    ]


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin[Directive]):
    list_display = ["id", "kind", "issued_by", "issued_at", "effective_from", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["text"]
    raw_id_fields = ["issued_by", "policy_version", "trip", "person"]


class ChangeInline(admin.TabularInline[ReassessmentChange, ReassessmentRun]):
    model = ReassessmentChange
    extra = 0
    raw_id_fields = ["trip"]
    can_delete = False


@admin.register(ReassessmentRun)
class ReassessmentRunAdmin(admin.ModelAdmin[ReassessmentRun]):
    list_display = ["id", "directive", "status", "processed", "total", "changed", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["directive"]
    inlines = [ChangeInline]
