from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sojourn.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from sojourn.api import rate
        from sojourn.api.idempotency import purge_records
        from sojourn.conf import jobs
        from sojourn.retention import registry

        # Idempotency records live 24 hours; retention's pass deletes the older ones.
        registry.register("idempotency", purge_records)
        # Each minute's API request counts are of no use once the minute has passed.
        jobs.register("api_request_counts", rate.forget_old)
