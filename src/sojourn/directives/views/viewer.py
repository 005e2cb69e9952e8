"""Who may read and who may act on the oversight desk's pages, and the small readings of a
request its pages share."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from sojourn.people.access import reads_everything, role_of
from sojourn.people.models import Role
from sojourn.people.sections import may_open


def reader(request: HttpRequest) -> User:
    """The viewer, if they read the authority's record (oversight, auditors); else a 404."""
    if not reads_everything(request.user):
        raise Http404
    user = request.user
    assert isinstance(user, User)
    return user


def section(request: HttpRequest, url_name: str) -> User:
    """The viewer, if their role may open this section of the menu; else a 404."""
    if not may_open(request.user, url_name):
        raise Http404
    return reader(request)


def oversight(request: HttpRequest) -> User:
    """The viewer, if oversight; a 403 for auditors (they see these pages), else a 404."""
    user = reader(request)
    if role_of(user) != Role.OVERSIGHT:
        raise PermissionDenied(_("Only oversight issues directives."))
    return user


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def may_act(user: User) -> bool:
    return role_of(user) == Role.OVERSIGHT


def int_or_none(value: str | None) -> int | None:
    """An id typed into the address; anything else (words, "²", 30 digits) is none."""
    return int(value) if value and value.isdecimal() and len(value) < 19 else None
