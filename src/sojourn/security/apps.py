from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "sojourn.security"
    label = "security"

    def ready(self) -> None:
        from sojourn.security import sessions

        sessions.connect()
