from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "sojourn.security"
    label = "security"

    def ready(self) -> None:
        from sojourn.security import (
            auth_events,
            middleware,
            password_changes,
            sessions,
            throttle,
        )

        sessions.connect()
        password_changes.connect()
        throttle.connect()
        middleware.connect()
        auth_events.connect()
