"""The traveller's pages: reporting a trip, acting on it, recording and deciding invitations."""

from django.urls import path

from sojourn.trips import views

urlpatterns = [
    path("trips/new/", views.trip_new, name="trip-new"),
    path("trips/assess/", views.trip_assess, name="trip-assess"),
    path("trips/<int:trip_id>/edit/", views.trip_edit, name="trip-edit"),
    path("trips/<int:trip_id>/submit/", views.trip_submit, name="trip-submit"),
    path("trips/<int:trip_id>/withdraw/", views.trip_withdraw, name="trip-withdraw"),
    path("trips/<int:trip_id>/briefing/", views.trip_briefing, name="trip-briefing"),
    path("invitations/", views.invitation_list, name="invitation-list"),
    path("invitations/new/", views.invitation_new, name="invitation-new"),
    path("invitations/<int:invitation_id>/", views.invitation_detail, name="invitation-detail"),
    path(
        "invitations/<int:invitation_id>/decline/",
        views.invitation_decline,
        name="invitation-decline",
    ),
    path(
        "invitations/<int:invitation_id>/accept/",
        views.invitation_accept,
        name="invitation-accept",
    ),
]
