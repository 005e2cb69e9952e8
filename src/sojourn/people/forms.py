"""The account page's form: what a person may change about themselves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sojourn.people.models import Language


class ProfileForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        help_text=_(
            "Used for your emails and notifications, and for these pages unless you choose "
            "another language with the switcher at the top."
        ),
    )
    emergency_contact_name = forms.CharField(
        label=_("Emergency contact"),
        max_length=200,
        required=False,
        help_text=_("Whom your security officer calls if you cannot be reached while abroad."),
    )
    emergency_contact_phone = forms.CharField(
        label=_("Emergency contact phone"),
        max_length=50,
        required=False,
        help_text=_("With the country code, such as +86 10 1234 5678."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
