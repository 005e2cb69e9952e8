"""The traveller's duty-of-care pages under a trip; included at the site root."""

from django.urls import path

from sojourn.care import pages

urlpatterns = [
    path("trips/<int:trip_id>/checkin/", pages.checkin, name="trip-checkin"),
    path("trips/<int:trip_id>/deviation/", pages.deviation, name="trip-deviation"),
    path(
        "trips/<int:trip_id>/deviation/<int:deviation_id>/",
        pages.deviation_result,
        name="trip-deviation-result",
    ),
]
