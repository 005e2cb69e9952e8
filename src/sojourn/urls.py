from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("checkin/", include("sojourn.care.urls")),
    path("", include("sojourn.web.urls")),
]
