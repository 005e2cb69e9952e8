from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "sojourn.directives"
    label = "directives"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sojourn.directives.registry import register_shipped_packs

        # The packs that ship with Sojourn are recorded as policy versions, so every assessment
        # names a version whose text the database holds.
        post_migrate.connect(register_shipped_packs, sender=self)
