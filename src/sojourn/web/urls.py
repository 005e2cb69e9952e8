from django.contrib.auth import views as auth_views
from django.urls import include, path

from sojourn.web import views
from sojourn.web.sign_in import SignInView

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("trips/<int:trip_id>/", views.trip_detail, name="trip-detail"),
    path("inbox/", views.inbox, name="inbox"),
    # Django's set_language view: POST language + next, remembered in a cookie.
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico where a page names no icon (a feed, a JSON answer).
    path("favicon.ico", views.favicon, name="favicon"),
]
