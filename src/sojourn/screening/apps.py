from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "sojourn.screening"
    label = "screening"
    verbose_name = "Screening"

    def ready(self) -> None:
        from sojourn.contacts import hooks as contact_hooks
        from sojourn.screening import contact_parts, rescreen, screen
        from sojourn.trips import hooks, screens

        # Assessments learn of listed parties, and trips' moves and recorded invitations are
        # screened, without trips importing this app.
        screens.register(screen)
        hooks.listen(rescreen.on_move)
        hooks.listen_invitations(rescreen.on_invitation)
        # A contact created or renamed is screened at once, not at the next import.
        contact_hooks.listen(rescreen.on_contacts_named)
        # The register's pages show a contact's hits and flag it, without importing this app.
        contact_parts.register()
