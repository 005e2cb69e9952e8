from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sojourn.api"
    label = "api"
    verbose_name = "API"
