from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sojourn.people"
    label = "people"

    def ready(self) -> None:
        # The audit trail sits below people and cannot ask for a role: oversight and auditors
        # read it, as they read everything.
        from sojourn.audit import readers
        from sojourn.people.access import reads_everything

        readers.register(reads_everything)
