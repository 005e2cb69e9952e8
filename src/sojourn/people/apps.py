from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sojourn.people"
    label = "people"
