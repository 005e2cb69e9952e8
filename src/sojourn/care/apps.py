from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "sojourn.care"
    label = "care"
