"""An invitation reported, and the reason it is declined."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sojourn.policy import Funding
from sojourn.trips.forms.common import (
    TEXT_LIMIT,
    CalendarInput,
    country_choices,
    ends_not_before_start,
)
from sojourn.trips.funding import NAMED_PAYERS, VALUE_LIMIT
from sojourn.trips.invitations import InvitationInput
from sojourn.trips.models import FundedItem, PaidBy, Payer


class FundingForm(forms.Form):
    """Who pays for one item; a row whose payer is not stated is left out."""

    paid_by = forms.ChoiceField(
        label=_("Who pays"), choices=[("", _("Not stated")), *Payer.choices], required=False
    )
    payer_name = forms.CharField(
        label=_("Payer's name"),
        max_length=200,
        required=False,
        help_text=_("For the host or a third party; the host's name if left empty."),
    )
    payer_country = forms.ChoiceField(label=_("Payer's country"), choices=(), required=False)
    value = forms.CharField(
        label=_("Amount or description"), max_length=VALUE_LIMIT, required=False
    )

    def __init__(self, data: Any = None, *, item: str) -> None:
        super().__init__(data, prefix=f"funding-{item}")
        self.item = item
        self.label = dict(FundedItem.choices)[item]
        self.fields["payer_country"].choices = country_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        paid_by = cleaned.get("paid_by")
        if paid_by == Payer.THIRD_PARTY and not cleaned.get("payer_name", "").strip():
            self.add_error("payer_name", _("Name the third party that pays."))
        if paid_by in NAMED_PAYERS and not cleaned.get("payer_country"):
            self.add_error("payer_country", _("Say in which country the payer is."))
        return cleaned

    def row(self) -> Funding | None:
        data = self.cleaned_data
        if not data.get("paid_by"):
            return None
        return Funding(
            item=self.item,
            paid_by=data["paid_by"],
            payer_name=data["payer_name"],
            payer_country=data["payer_country"],
            value=data["value"],
        )


class InvitationForm(forms.Form):
    event = forms.CharField(label=_("Event"), max_length=200)
    host_organisation = forms.CharField(label=_("Host organisation"), max_length=200)
    inviter_name = forms.CharField(
        label=_("Who invited you"),
        max_length=200,
        required=False,
        help_text=_("The person who sent the invitation."),
    )
    inviter_organisation = forms.CharField(
        label=_("Inviter's organisation"),
        max_length=200,
        required=False,
        help_text=_("If they act for another organisation than the host."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=())
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=CalendarInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=CalendarInput)
    paid_by = forms.ChoiceField(label=_("Who pays for the travel and stay"), choices=PaidBy.choices)
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
        data = args[0] if args else kwargs.get("data")
        self.funding = [FundingForm(data, item=item) for item in FundedItem.values]

    def is_valid(self) -> bool:
        valid = [super().is_valid(), *(form.is_valid() for form in self.funding)]
        return all(valid)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(form.errors for form in self.funding)

    def add_service_errors(self, errors: dict[str, str]) -> None:
        """A service's refusals on the field or the funding row they name."""
        stated = [form for form in self.funding if form.row() is not None]
        for name, message in errors.items():
            row, _dot, field = name.partition("].")
            if row.startswith("funding[") and int(row[8:]) < len(stated):
                form = stated[int(row[8:])]
                form.add_error(field if field in form.fields else None, message)
            else:
                self.add_error(name if name in self.fields else None, message)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ends_not_before_start(
            self, "starts_on", "ends_on", str(_("The event cannot end before it starts."))
        )
        return cleaned

    def invitation_input(self) -> InvitationInput:
        rows = (form.row() for form in self.funding)
        return InvitationInput(
            **self.cleaned_data, funding=tuple(row for row in rows if row is not None)
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It is kept with the invitation, for the record."),
    )
