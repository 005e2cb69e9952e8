from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "sojourn.screening"
    label = "screening"
    verbose_name = "Screening"
