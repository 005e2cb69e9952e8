"""An invitation reported, and the reason it is declined."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sojourn.trips.forms.common import (
    TEXT_LIMIT,
    CalendarInput,
    country_choices,
    ends_not_before_start,
)
from sojourn.trips.invitations import InvitationInput
from sojourn.trips.models import PaidBy


class InvitationForm(forms.Form):
    event = forms.CharField(label=_("Event"), max_length=200)
    host_organisation = forms.CharField(label=_("Host organisation"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=())
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=CalendarInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=CalendarInput)
    paid_by = forms.ChoiceField(label=_("Who pays"), choices=PaidBy.choices)
    received_on = forms.DateField(label=_("Received on"), widget=CalendarInput)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ends_not_before_start(
            self, "starts_on", "ends_on", str(_("The event cannot end before it starts."))
        )
        return cleaned

    def invitation_input(self) -> InvitationInput:
        return InvitationInput(**self.cleaned_data)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It is kept with the invitation, for the record."),
    )
