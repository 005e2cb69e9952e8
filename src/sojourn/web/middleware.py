"""A signed-in person sees Sojourn in their preferred language unless they chose another here;
the language their pages are in is remembered for their emails, which have no browser."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from sojourn.people.access import person_of
from sojourn.people.models import Language, Person


class PreferredLanguageMiddleware:
    """Runs after authentication; the language switcher's cookie always wins over the profile."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        person = person_of(request.user)
        chose_here = settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        # What LocaleMiddleware negotiated from the switcher's cookie, else Accept-Language; a
        # request that says neither (a script, a probe) says nothing of the person's language.
        if chose_here or request.META.get("HTTP_ACCEPT_LANGUAGE"):
            remember_browser_language(person, translation.get_language())
        if not chose_here and person is not None and person.language:
            translation.activate(person.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def remember_browser_language(person: Person | None, language: str | None) -> None:
    """Store the language negotiated for a signed-in person's request (the switcher's, else the
    browser's) when it differs from the stored one: one UPDATE when it changes, none otherwise."""
    if person is None or language is None or language not in Language.values:
        return
    if person.browser_language == language:
        return
    person.browser_language = language
    Person.objects.filter(pk=person.pk).update(browser_language=language)
