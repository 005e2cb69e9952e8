"""Template filters for names, for the codes the policy engine stores in a trip's snapshot, and
for moments in machine-readable form."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import template
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import translation

from sojourn.audit import actions
from sojourn.directives import registry
from sojourn.directives.models import PolicyVersion
from sojourn.people.access import display_name
from sojourn.trips import labels, wording
from sojourn.trips.models import Review

register = template.Library()


@register.filter
def code_label(code: object, kind: str) -> str:
    return labels.code_label(code, kind)


@register.filter
def shown(snapshot: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A stored or fresh assessment with its messages and texts in the reader's language."""
    return wording.shown(snapshot)


@register.filter
def pack_title(version: PolicyVersion) -> str:
    """A policy version's title in the reader's language, as its pack writes it."""
    return registry.title_of(version).in_language(translation.get_language())


@register.filter
def action_label(code: str) -> str:
    """An audit action in the reader's language (its code when it has no label)."""
    return actions.action_label(code)


@register.filter
def review_comment(review: Review) -> str:
    return wording.review_comment(review.step, review.comment)


@register.filter
def tier_label(name: object) -> str:
    return wording.tier_label(name)


@register.filter
def person_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    return display_name(user)


@register.filter
def machine_time(moment: datetime.datetime | None) -> str:
    """A moment for `<time datetime>`: UTC to the second (HTML allows at most milliseconds;
    Django's `date:'c'` writes the microseconds)."""
    if moment is None:
        return ""
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
