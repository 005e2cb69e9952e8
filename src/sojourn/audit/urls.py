from django.urls import path

from sojourn.audit import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit-log"),
    path("audit/verify/", views.verify, name="audit-verify"),
]
