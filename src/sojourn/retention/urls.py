from django.urls import path

from sojourn.retention import views

urlpatterns = [
    path("retention/", views.report, name="retention-report"),
    path("trips/<int:trip_id>/legal-hold/", views.set_hold, name="legal-hold-trip"),
    path("trips/<int:trip_id>/legal-hold/clear/", views.clear_hold, name="legal-hold-trip-clear"),
    path("people/<int:user_id>/legal-hold/", views.set_hold, name="legal-hold-person"),
    path(
        "people/<int:user_id>/legal-hold/clear/", views.clear_hold, name="legal-hold-person-clear"
    ),
]
