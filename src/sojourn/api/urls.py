from django.urls import path, re_path

from sojourn.api.api import api
from sojourn.api.strictness import not_found

urlpatterns = [
    path("v1/", api.urls),
    # Anything else under /api/v1/ is a problem+json 404 too, not the site's HTML page.
    re_path(r"^v1/(?P<rest>[\s\S]*)\Z", not_found, name="api-not-found"),
]
