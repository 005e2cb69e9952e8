from django.urls import path

from sojourn.retention import views

urlpatterns = [
    path("retention/", views.report, name="retention-report"),
]
