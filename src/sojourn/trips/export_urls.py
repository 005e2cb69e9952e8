"""The CSV exports of the web's lists of trips; included at the site root."""

from django.urls import path

from sojourn.trips import export_views

urlpatterns = [
    path("exports/trips.csv", export_views.trips_csv, name="trip-export"),
]
