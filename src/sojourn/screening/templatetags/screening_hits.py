"""The contact page's screening section: `{% load screening_hits %}{% contact_hits contact %}`
renders the contact's hits the reader may see, open or dismissed, each open one with a form to
dismiss it as a false positive for the officers of its organisation."""

from __future__ import annotations

from typing import Any

from django import template

from sojourn.contacts.models import Contact
from sojourn.screening.dismissing import may_dismiss
from sojourn.screening.forms import DismissForm
from sojourn.screening.hit_pages import visible_hits
from sojourn.screening.screen import undismissed

register = template.Library()


@register.inclusion_tag("screening/includes/contact_hits.html", takes_context=True)
def contact_hits(context: template.Context, contact: Contact) -> dict[str, Any]:
    request = context["request"]
    hits = list(visible_hits(request.user).filter(contact=contact).order_by("-found_at", "-id"))
    still_open = {hit.pk for hit in undismissed(hits)}
    user = request.user
    forms = [
        DismissForm(auto_id=f"hit-{hit.pk}-%s") if may_dismiss(user, hit) else None for hit in hits
    ]
    return {
        "rows": [(hit, hit.pk in still_open, form) for hit, form in zip(hits, forms, strict=True)],
        "back": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
