from django.apps import AppConfig


class DebriefsConfig(AppConfig):
    name = "sojourn.debriefs"
    label = "debriefs"
