from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sojourn.audit"
    label = "audit"
