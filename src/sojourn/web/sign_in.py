"""The sign-in page: Django's, answering 429 with the wait when the throttle refused the attempt
(sojourn.security.throttle) rather than the ordinary "wrong name or password"."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render

from sojourn.security import throttle


class SignInView(auth_views.LoginView):
    redirect_authenticated_user = True

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
