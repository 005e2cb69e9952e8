"""Calendar feeds behind a secret address; included under /feeds/."""

from django.urls import path

from sojourn.api import feeds

urlpatterns = [
    path("<str:secret>/trips.ics", feeds.trips_feed, name="feed-trips"),
]
