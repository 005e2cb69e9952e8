"""A signed-in person sees Sojourn in their preferred language unless they chose another here."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from sojourn.people.access import person_of


class PreferredLanguageMiddleware:
    """Runs after authentication; the language switcher's cookie always wins over the profile."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            person = person_of(request.user)
            if person is not None and person.language:
                translation.activate(person.language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
