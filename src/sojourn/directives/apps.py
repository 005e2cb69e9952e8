from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "sojourn.directives"
    label = "directives"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sojourn.conf import jobs
        from sojourn.directives import registry
        from sojourn.directives.jobs import finish_directive_runs
        from sojourn.directives.registry import register_shipped_packs
        from sojourn.trips import in_force

        # The packs that ship with Sojourn are recorded as policy versions, so every assessment
        # names a version whose text the database holds.
        post_migrate.connect(register_shipped_packs, sender=self)
        # Trips assess against what this app keeps in force, without importing it.
        in_force.register(registry)
        jobs.register("directive_runs", finish_directive_runs)
