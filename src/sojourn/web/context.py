"""Template context every page needs: the viewer's role and the deployment's mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sojourn.people.access import person_of, role_of
from sojourn.web.nav import menu


def sojourn(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user)
    return {
        "viewer_role": role.value if role else None,
        "viewer_role_label": role.label if role else "",
        "viewer_person": person_of(request.user),
        "sojourn_env": settings.SOJOURN_ENV,
        "mfa_enforced": settings.SOJOURN_MFA != "off",
        "nav": menu(role, request.path) if request.user.is_authenticated else [],
    }
