"""The traveller's debrief page under a trip; included at the site root."""

from django.urls import path

from sojourn.debriefs import views

urlpatterns = [
    path("trips/<int:trip_id>/debrief/", views.debrief, name="trip-debrief"),
]
