from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AuditConfig(AppConfig):
    name = "sojourn.audit"
    label = "audit"

    def ready(self) -> None:
        from django.core import checks

        from sojourn.audit import checks as audit_checks
        from sojourn.audit.anchors import publish_due
        from sojourn.conf import jobs

        jobs.register("audit_anchor", publish_due)

        checks.register(audit_checks.admin_break_glass, checks.Tags.security, deploy=True)
        checks.register(audit_checks.audit_keys, checks.Tags.security)


class AuditedAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site that closes it in production and audits it everywhere
    (named in INSTALLED_APPS in place of `django.contrib.admin`)."""

    default = False
    default_site = "sojourn.audit.admin_site.AuditedAdminSite"
