"""The officers' and oversight's review of the register: suggestions, merges and splits."""

from django.urls import path

from sojourn.contacts import cluster_views, merge_views, review_views

urlpatterns = [
    path(
        "contacts/clusters/across/",
        cluster_views.cross_organisation,
        name="contact-cross-clusters",
    ),
    path("contacts/suggestions/", review_views.suggestion_list, name="contact-suggestions"),
    path(
        "contacts/suggestions/<int:suggestion_id>/confirm/",
        review_views.suggestion_confirm,
        name="contact-suggestion-confirm",
    ),
    path(
        "contacts/suggestions/<int:suggestion_id>/reject/",
        review_views.suggestion_reject,
        name="contact-suggestion-reject",
    ),
    path("contacts/<int:contact_id>/merge/", merge_views.contact_merge, name="contact-merge"),
    path("contacts/<int:contact_id>/split/", merge_views.contact_split, name="contact-split"),
    path("contacts/merges/<int:merge_id>/undo/", merge_views.merge_undo, name="contact-merge-undo"),
]
