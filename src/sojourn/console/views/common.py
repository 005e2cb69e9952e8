"""What every console view shares: the actor, the roles, the refusals, the query strings."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from sojourn.people.access import role_of
from sojourn.people.models import Role
from sojourn.people.sections import DECIDERS, READERS, roles_for

__all__ = ["DECIDERS", "READERS"]


def actor(request: HttpRequest) -> User:
    """The signed-in user (every console view requires a login)."""
    assert isinstance(request.user, User)
    return request.user


def language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request for a part of the page; restoring history wants the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def query_without(params: QueryDict, *names: str) -> str:
    """The current query string minus the given parameters, for links that change only them."""
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "console/refused.html", {"message": message}, status=403)


def section_refusal(request: HttpRequest, url_name: str) -> HttpResponse | None:
    """A 403 page when the viewer's role may not open this section of the menu, else None."""
    return role_refusal(request, roles_for(url_name))


def role_refusal(
    request: HttpRequest, allowed: frozenset[Role], message: str = ""
) -> HttpResponse | None:
    """A 403 page when the viewer's role does not have this page (or action), else None."""
    if role_of(request.user) in allowed:
        return None
    if message:
        return refused(request, message)
    if allowed == DECIDERS:
        return refused(request, _("This page is for security officers and oversight."))
    return refused(request, _("This page is for security officers, oversight and auditors."))
