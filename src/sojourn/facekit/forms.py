"""What the web forms of every app share: labels without a trailing colon, and country selects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation

from sojourn.policy import ALL_CODES, country_name


class PlainForm(forms.Form):
    """A form whose labels carry no trailing colon (it reads oddly in Chinese and on buttons)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def country_choices(language: str | None = None, *, blank: str = "") -> list[tuple[str, str]]:
    """Every ISO 3166 country as (code, name in the page's language), sorted by name."""
    language = language or translation.get_language() or "en"
    named = sorted(
        ((code, country_name(code, language)) for code in ALL_CODES), key=lambda pair: pair[1]
    )
    return [("", blank or "—"), *named]
