"""Template context every page needs: the viewer's role and the deployment's mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from sojourn.people.access import person_of, role_of
from sojourn.web.nav import menu


def sojourn(request: HttpRequest) -> dict[str, Any]:
    # An error page for a request refused before sign-in was read (a Host header not served,
    # a body over the limit) has no user: it is rendered as for someone signed out.
    user = getattr(request, "user", None) or AnonymousUser()
    role = role_of(user)
    return {
        "viewer_role": role.value if role else None,
        "viewer_role_label": role.label if role else "",
        "viewer_person": person_of(user),
        "sojourn_env": settings.SOJOURN_ENV,
        "mfa_enforced": settings.SOJOURN_MFA != "off",
        "nav": menu(role, request.path) if user.is_authenticated else [],
    }
