"""The contact page's resolution sections, for the page to include wherever it shows a contact:
`{% load resolution %}{% resolution_sections contact %}` renders its merges and splits (with
undo for those who resolve the register) and the open suggestions that involve it."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import User
from django.db.models import Q

from sojourn.contacts import resolution
from sojourn.contacts.models import Contact, Merge
from sojourn.contacts.review_pages import pairs, queue
from sojourn.contacts.review_views import decides_queue

register = template.Library()


@register.inclusion_tag("resolution/includes/contact_sections.html", takes_context=True)
def resolution_sections(context: template.Context, contact: Contact) -> dict[str, Any]:
    user = context["request"].user
    involved = Q(contact=contact) | Q(into=contact)
    history = Merge.objects.filter(involved).select_related("contact", "into", "by")
    suggested = queue(user).filter(Q(contact=contact) | Q(candidate=contact))
    resolves = isinstance(user, User) and resolution.may_resolve(user, contact.organisation_id)
    return {
        "contact": contact,
        "history": list(history),
        "pairs": pairs(suggested),
        "resolves": resolves,
        "decides": isinstance(user, User) and decides_queue(user),
        "csrf_token": context.get("csrf_token"),
    }
