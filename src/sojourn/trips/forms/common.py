"""What the trip and invitation forms share: the country list, the date input, the quiet form."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sojourn.policy import ALL_CODES, country_name

# The longest free text a trip or an invitation keeps (the API takes no more either).
TEXT_LIMIT = 10000


@cache
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    names = ((code, country_name(code, language)) for code in ALL_CODES)
    return tuple(sorted(names, key=lambda item: (item[1].casefold(), item[0])))


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166 country by its name in the page's language, after a blank choice."""
    return [("", str(_("Choose a country"))), *_countries(get_language() or "en")]


class CalendarInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class QuietForm(forms.Form):
    """A form that can be shown again exactly as typed, without a judgement on any field."""

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiet = quiet

    def full_clean(self) -> None:
        if self.quiet:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


def ends_not_before_start(form: forms.Form, start: str, end: str, message: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first is not None and last is not None and last < first:
        form.add_error(end, message)
