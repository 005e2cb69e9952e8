"""Places in a notification's words: a check-in's city and country, the country by its name in
the reader's language.

A check-in's notification keeps `city` and `country` (a code) as params, worded when read:
"Boston, United States", "美国 Boston". Rows written before the two were kept apart carry one
`place` param ("Boston, US") and read as they were written.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from sojourn.policy import country_name

register = template.Library()


def place_name(city: str, country: str) -> str:
    """A city and a country code in the active language; either may be missing."""
    if not country:
        return city or _("an unknown place")
    name = country_named(country)
    return _("%(city)s, %(country)s") % {"city": city, "country": name} if city else name


@register.filter
def country_named(code: str) -> str:
    """A country code by the country's name in the active language (an unknown code as it is)."""
    return country_name(str(code or ""), translation.get_language() or "en")


@register.simple_tag(takes_context=True)
def checkin_place(context: template.Context) -> str:
    """Where a check-in came from: from the notification's `city` and `country`, else the
    `place` an older row was written with."""
    old: Any = context.get("place")
    if old:
        return str(old)
    return place_name(str(context.get("city") or ""), str(context.get("country") or ""))
