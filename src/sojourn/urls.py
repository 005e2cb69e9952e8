from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("sojourn.api.urls")),
    path("", include("sojourn.security.urls")),
    path("checkin/", include("sojourn.care.urls")),
    path("", include("sojourn.care.trip_urls")),
    path("", include("sojourn.debriefs.urls")),
    path("", include("sojourn.web.account_urls")),
    path("", include("sojourn.trips.urls")),
    path("", include("sojourn.contacts.review_urls")),
    path("", include("sojourn.screening.urls")),
    path("", include("sojourn.console.export_urls")),
    path("", include("sojourn.contacts.urls")),
    path("feeds/", include("sojourn.api.feed_urls")),
    path("", include("sojourn.directives.urls")),
    path("", include("sojourn.audit.urls")),
    path("", include("sojourn.retention.urls")),
    path("", include("sojourn.console.urls")),
    path("", include("sojourn.web.urls")),
]

# A body over DATA_UPLOAD_MAX_MEMORY_SIZE or DATA_UPLOAD_MAX_NUMBER_FIELDS: a 413 that says so.
handler400 = "sojourn.web.errors.bad_request"
# A failure of the server's: problem+json for the API; a page that says whether the database is
# away (503) or full (507), else the request id the log names the error by (500).
handler500 = "sojourn.web.errors.server_error"
