from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "sojourn.care"
    label = "care"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from sojourn.care.escalations import on_trip_moved
        from sojourn.care.models import EscalationKind
        from sojourn.trips import hooks, labels

        hooks.listen(on_trip_moved)

        # Escalations are care's, but their events show in a trip's history.
        labels.register(
            "event",
            {
                "escalation.resolved": _("Escalation resolved"),
                **{f"escalation.{kind.value}": kind.label for kind in EscalationKind},
            },
        )
