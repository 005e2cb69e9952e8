"""The pages a one-tap check-in link opens. GET only shows what a tap would record (mail
scanners open links too); the POST from the page's button records it. The token in the URL is
the credential, so the pages work signed out, and show nothing of the trip but its title and
the traveller's first name."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sojourn.care import links
from sojourn.care.models import CheckInLink, CheckInStatus
from sojourn.facekit.refusals import status_of
from sojourn.notify.services import language_of
from sojourn.trips.errors import LifecycleError


class NeedHelpForm(forms.Form):
    city = forms.CharField(
        label=_("Where are you? (city, optional)"), max_length=120, required=False
    )
    note = forms.CharField(
        label=_("What is happening? (optional)"),
        max_length=2000,
        required=False,
    )

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data, label_suffix="")


@never_cache
@require_http_methods(["GET", "POST"])
def checkin_link(request: HttpRequest, token: str) -> HttpResponse:
    now = timezone.now()  # the one place these pages read the clock
    try:
        link = links.find(token)
    except links.Refused as refusal:
        return _refused(request, refusal)
    with translation.override(_language(request, link.trip.traveller)):
        try:
            links.check(link, now=now)
            if request.method == "POST":
                return _record(request, link, now=now)
            return _confirm(request, link, NeedHelpForm())
        except links.Refused as refusal:
            return _refused(request, refusal)


def _record(request: HttpRequest, link: CheckInLink, *, now: datetime.datetime) -> HttpResponse:
    form = NeedHelpForm(request.POST if link.intent == CheckInStatus.NEED_HELP else {})
    if not form.is_valid():
        return _confirm(request, link, form, status=422)
    try:
        checkin = links.use(link, now=now, **form.cleaned_data)
    except LifecycleError as error:
        context = {"message": error.message}
        return _page(request, "care/checkin_link_refused.html", context, status_of(error))
    return _page(request, "care/checkin_link_done.html", {"checkin": checkin})


def _confirm(
    request: HttpRequest, link: CheckInLink, form: NeedHelpForm, status: int = 200
) -> HttpResponse:
    template = {
        CheckInStatus.OK: "care/checkin_link_ok.html",
        CheckInStatus.NEED_HELP: "care/checkin_link_need_help.html",
    }[CheckInStatus(link.intent)]
    context = {"title": link.trip.title, "first_name": link.trip.traveller.first_name}
    return _page(request, template, {**context, "form": form}, status)


def _refused(request: HttpRequest, refusal: links.Refused) -> HttpResponse:
    # Refused tokens are logged by `links`; nothing is recorded or audited.
    return _page(
        request, "care/checkin_link_refused.html", {"reason": refusal.reason}, refusal.status
    )


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    # The URL is a credential: no cache keeps the page (never_cache), and no Referer carries
    # its path anywhere. Not "no-referrer": browsers then send the form's POST with
    # `Origin: null`, which Django's CSRF check refuses; "strict-origin" sends the origin only.
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Language"] = translation.get_language()
    return response


def _language(request: HttpRequest, traveller: User) -> str:
    """The traveller's language, unless this browser chose one with the language switcher; a
    traveller who chose none reads it in the browser's language."""
    person = getattr(traveller, "person", None)
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or not (person and person.language):
        return translation.get_language()
    return language_of(traveller)
