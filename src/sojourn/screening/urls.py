"""The screening pages: officers' hits and their dismissal, oversight's list snapshots."""

from django.urls import path

from sojourn.screening import risk_views, views

urlpatterns = [
    path("contacts/clusters/", risk_views.register_by_risk, name="contact-clusters"),
    path("screening/hits/", views.hit_list, name="screening-hits"),
    path("screening/hits/<int:hit_id>/", views.hit_detail, name="screening-hit"),
    path("screening/hits/<int:hit_id>/dismiss/", views.hit_dismiss, name="screening-hit-dismiss"),
    path("screening/lists/", views.list_snapshots, name="screening-lists"),
]
