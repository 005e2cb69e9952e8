from django.apps import AppConfig


class TripsConfig(AppConfig):
    name = "sojourn.trips"
    label = "trips"
