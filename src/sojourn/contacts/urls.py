"""The contact register's pages; included at the site root."""

from django.urls import path

from sojourn.contacts import export, report_views, views

urlpatterns = [
    path("contacts/", views.contact_list, name="contact-list"),
    path("contacts/export.csv", export.contacts_csv, name="contact-export"),
    path("contacts/report/", report_views.report_new, name="contact-report-new"),
    path("contacts/<int:contact_id>/", views.contact_detail, name="contact-detail"),
    path(
        "contact-reports/<int:contact_report_id>/",
        report_views.report_detail,
        name="contact-report-detail",
    ),
]
