from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "sojourn.security"
    label = "security"

    def ready(self) -> None:
        from sojourn.conf import jobs
        from sojourn.security import (
            account_events,
            auth_events,
            middleware,
            password_changes,
            sessions,
            throttle,
        )

        sessions.connect()
        password_changes.connect()
        jobs.register("sign_in_attempts", throttle.forget_old)
        throttle.connect()
        middleware.connect()
        auth_events.connect()
        account_events.connect()
