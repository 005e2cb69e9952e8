"""The forms of the traveller's duty-of-care pages: checking in and reporting a deviation.

Forms parse and check what was typed; the services in `sojourn.care.services` decide. Country
fields are selects of localised names whose values are ISO 3166 codes.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sojourn.care.models import CheckInStatus
from sojourn.facekit.forms import PlainForm, country_choices
from sojourn.trips.models import Leg


def current_country(legs: Sequence[Leg], today: datetime.date) -> str:
    """The country of the leg the traveller is most likely on today: a stay covering today,
    else a transit covering today, else the last leg already begun, else the first leg."""
    covering = [leg for leg in legs if leg.starts_on <= today <= leg.ends_on]
    for leg in sorted(covering, key=lambda leg: leg.transit):
        return leg.country
    begun = [leg for leg in legs if leg.starts_on <= today]
    if begun:
        return max(begun, key=lambda leg: leg.starts_on).country
    return legs[0].country if legs else ""


class CheckInForm(PlainForm):
    """One check-in. `status` comes from the button pressed; asking for help is confirmed on
    a second step (`confirmed`), so a slip of the thumb alerts nobody."""

    status = forms.ChoiceField(choices=CheckInStatus.choices, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City (optional)"), max_length=120, required=False)
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = country_choices(blank=str(_("Not saying")))

    @property
    def asks_for_help(self) -> bool:
        return bool(self.is_bound and self.data.get("status") == CheckInStatus.NEED_HELP)


class DeviationForm(PlainForm):
    country = forms.ChoiceField(label=_("Country"))
    city = forms.CharField(label=_("City (optional)"), max_length=120, required=False)
    starts_on = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    transit = forms.BooleanField(label=_("Transit only (a layover, not a stay)"), required=False)
    reason = forms.CharField(
        label=_("Why did the plan change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = country_choices(blank=str(_("Choose a country")))

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        start, end = self.cleaned_data.get("starts_on"), self.cleaned_data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The change cannot end before it starts."))
        return cleaned
