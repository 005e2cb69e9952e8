from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sojourn.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from sojourn.api.idempotency import purge_records
        from sojourn.retention import registry

        # Idempotency records live 24 hours; retention's pass deletes the older ones.
        registry.register("idempotency", purge_records)
