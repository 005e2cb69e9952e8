"""Template filters for names and for the codes the policy engine stores in a trip's snapshot."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from sojourn.people.access import display_name
from sojourn.trips import labels

register = template.Library()


@register.filter
def code_label(code: object, kind: str) -> str:
    return labels.code_label(code, kind)


@register.filter
def person_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    return display_name(user)
