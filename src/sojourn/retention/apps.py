from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "sojourn.retention"
    label = "retention"

    def ready(self) -> None:
        from sojourn.conf import jobs
        from sojourn.retention.job import purge_due

        jobs.register("retention", purge_due)
