from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "sojourn.care"
    label = "care"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from sojourn.care import links as checkin_links
        from sojourn.care.escalations import on_trip_moved
        from sojourn.care.models import EscalationKind
        from sojourn.notify import links
        from sojourn.trips import hooks, labels

        hooks.listen(on_trip_moved)
        # The one-tap links of a check-in reminder are built as its email is sent.
        links.register(checkin_links.LINK_NAME, checkin_links.url_of)

        # Escalations are care's, but their events show in a trip's history.
        labels.register(
            "event",
            {
                "escalation.resolved": _("Escalation resolved"),
                **{f"escalation.{kind.value}": kind.label for kind in EscalationKind},
            },
        )
