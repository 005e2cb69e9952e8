"""The CSV exports of the web's lists of trips; included at the site root."""

from django.urls import path

from sojourn.console.views import export

urlpatterns = [
    path("exports/trips.csv", export.trips_csv, name="trip-export"),
]
