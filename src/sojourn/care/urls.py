from django.urls import path

from sojourn.care import views

urlpatterns = [
    # The token is long (a signed row id and trip id); it never contains a slash.
    path("<str:token>/", views.checkin_link, name="checkin-link"),
]
