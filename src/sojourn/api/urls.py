from django.urls import path

from sojourn.api.api import api

urlpatterns = [path("v1/", api.urls)]
