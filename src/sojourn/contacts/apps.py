from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "sojourn.contacts"
    label = "contacts"

    def ready(self) -> None:
        from sojourn.contacts import flags
        from sojourn.contacts.invitation_sightings import on_invitation_moved
        from sojourn.contacts.trip_sightings import on_trip_moved
        from sojourn.trips import hooks

        # A trip's planned meetings and its debrief's meetings held are sightings, and so are an
        # invitation's host and who invited.
        hooks.listen(on_trip_moved)
        hooks.listen_invitations(on_invitation_moved)
        # The register's list and export flag a contact a correlation alert was raised on.
        flags.register()
