from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sojourn.people"
    label = "people"

    def ready(self) -> None:
        # The audit trail sits below people and cannot ask for a role: those whose role may
        # open the audit log (sojourn.people.sections) read it.
        from sojourn.audit import readers
        from sojourn.people.sections import reads_audit_log

        readers.register(reads_audit_log)
