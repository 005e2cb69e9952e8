"""The register's web forms: a contact report, and the register's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sojourn.contacts.identifiers import InvalidIdentifier
from sojourn.contacts.models import Channel, ContactCategory, ContactKind
from sojourn.contacts.reports import ContactReportInput
from sojourn.trips.forms.common import TEXT_LIMIT, CalendarInput, country_choices

# A service's refusal, by its code, as the field it names and what to do about it.
SERVICE_ERRORS: dict[str, tuple[str, Any]] = {
    "bad_choice": ("category", _("Choose a category and a channel from the lists.")),
    "counterpart_missing": ("counterpart", _("Name the person or organisation you met.")),
    "in_future": ("occurred_on", _("The date of the contact cannot be after today.")),
}
IDENTIFIER_ERRORS: dict[str, Any] = {
    "email": _("Enter an e-mail address such as name@example.org."),
    "phone": _("Enter a phone number with its country code, such as +33 1 23 45 67 89."),
    "handle": _("Enter a handle as platform:name, such as linkedin:jane-doe."),
}


def _choices(blank: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", blank), *choices]


class ContactReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What happened"), choices=_choices(_("Choose a category"), ContactCategory.choices)
    )
    channel = forms.ChoiceField(
        label=_("How"), choices=_choices(_("Choose a channel"), Channel.choices)
    )
    occurred_on = forms.DateField(label=_("Date of the contact"), widget=CalendarInput())
    country = forms.ChoiceField(label=_("Country"), choices=(), required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    counterpart = forms.CharField(
        label=_("Who"),
        max_length=200,
        help_text=_("The person's or the organisation's name, as they gave it."),
    )
    affiliation = forms.CharField(label=_("Their organisation"), max_length=200, required=False)
    email = forms.CharField(label=_("Their e-mail"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Their phone"),
        max_length=40,
        required=False,
        help_text=_("With its country code if you have it."),
    )
    handle = forms.CharField(
        label=_("Their social handle"),
        max_length=200,
        required=False,
        help_text=_("As platform:name, such as linkedin:jane-doe."),
    )
    narrative = forms.CharField(
        label=_("What was said or asked"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    @property
    def has_errors(self) -> bool:
        return self.is_bound and bool(self.errors)

    def report_input(self) -> ContactReportInput:
        data = self.cleaned_data
        return ContactReportInput(
            category=data["category"],
            channel=data["channel"],
            occurred_on=data["occurred_on"],
            counterpart=data["counterpart"],
            narrative=data["narrative"],
            country=data["country"],
            city=data["city"],
            affiliation=data["affiliation"],
            email=data["email"],
            phone=data["phone"],
            handle=data["handle"],
        )

    def add_service_error(self, code: str) -> None:
        field, message = SERVICE_ERRORS.get(code, (None, _("The report could not be filed.")))
        self.add_error(field, message)

    def add_identifier_error(self, error: InvalidIdentifier) -> None:
        self.add_error(error.kind, IDENTIFIER_ERRORS[error.kind])


ORDERS = [
    ("last_seen", _("Last seen")),
    ("most_seen", _("Most seen")),
]


class RegisterFilterForm(forms.Form):
    """The register's filters; a value that does not parse is dropped, never an error."""

    q = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("A full name, in any order or script: it is matched as names are."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=_choices(pgettext_lazy("contact kind", "Any"), ContactKind.choices),
        required=False,
    )
    country = forms.ChoiceField(label=_("Country"), choices=(), required=False)
    flagged = forms.BooleanField(label=_("Flagged only"), required=False)
    order = forms.ChoiceField(label=_("Sort by"), choices=ORDERS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        countries = [("", _("Any country")), *country_choices()[1:]]
        self.fields["country"].choices = countries  # type: ignore[attr-defined]
