from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "sojourn.notify"
    label = "notify"

    def ready(self) -> None:
        from sojourn.notify import alerts

        alerts.connect()
