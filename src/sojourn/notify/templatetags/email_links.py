"""Links in an email's body: only to Sojourn itself.

A message's body carries text others wrote (a trip's title, a reason, a directive). Turning every
address in it into a link (`urlize`) would let anyone who can write such text put a clickable
link of their choosing into an official security email: a phishing lure with Sojourn's name on
it. Only addresses under Sojourn's own (a check-in link, a trip's page) become links; any
other address stays plain, escaped text.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from sojourn.conf.addresses import base_url

register = template.Library()

ADDRESS = re.compile(r"https?://[^\s<>\"']+")
TRAILING = ".,;:!?)]}'\""


@register.filter
def own_links(text: str) -> SafeString:
    """The text escaped, with Sojourn's own addresses made into links."""
    own = base_url() + "/"
    parts: list[str] = []
    last = 0
    for match in ADDRESS.finditer(text):
        address = match.group(0).rstrip(TRAILING)
        parts.append(escape(text[last : match.start()]))
        if address.startswith(own):
            parts.append(format_html('<a href="{0}">{0}</a>', address))
        else:
            parts.append(escape(address))
        last = match.start() + len(address)
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above
