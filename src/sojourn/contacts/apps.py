from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "sojourn.contacts"
    label = "contacts"
