from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "sojourn.security"
    label = "security"

    def ready(self) -> None:
        from sojourn.security import auth_events, middleware, sessions, throttle

        sessions.connect()
        throttle.connect()
        middleware.connect()
        auth_events.connect()
