from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "sojourn.notify"
    label = "notify"
