"""The sign-in page: Django's, answering 429 with the wait when the throttle refused the attempt
(sojourn.security.throttle) rather than the ordinary "wrong name or password", and leaving the
remembered-device cookie (sojourn.security.devices) on a successful sign-in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sojourn.care import readiness
from sojourn.facekit import failures
from sojourn.security import devices, throttle
from sojourn.web.errors import unavailable_page


class SignInView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The page reads no table, so it would answer 200 with the database down, and a monitor
        watching it would see nothing wrong: it asks the database first, and is a 503 without."""
        if not readiness.database_answers():
            return unavailable_page(failures.OUTAGE, failures.request_id(request))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        """Signed in: the browser keeps its device cookie, known for this name from now on."""
        response = super().form_valid(form)
        devices.remember(self.request, response)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        refused = throttle.refused(self.request)
        if refused is None:
            return super().form_invalid(form)
        minutes = max(1, (refused.retry_after + 59) // 60)
        response = render(
            self.request,
            "registration/locked_out.html",
            {"refusal": refused, "minutes": minutes},
            status=429,
        )
        response["Retry-After"] = str(refused.retry_after)
        return response
