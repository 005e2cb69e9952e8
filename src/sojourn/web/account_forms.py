"""The account page's forms: what a person may change about themselves, and their tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from sojourn.people.models import Language
from sojourn.security.models import Scope
from sojourn.security.tokens import default_expiry_days, most_expiry_days


class ProfileForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[("", _("Follow my browser")), *Language.choices],
        required=False,
        help_text=_(
            "Used for your emails and notifications, and for these pages unless you choose "
            "another language with the switcher at the top. Until you choose, these pages "
            "and your emails follow your browser's language."
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


class TokenForm(forms.Form):
    """A new personal access token; the service checks the values, the form keeps them."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use the token, such as “HR sync”: you will see it in the list."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Name the token after what will use it, such as “HR sync”."),
            "max_length": _("Keep the name under 100 characters."),
        },
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("Read is enough for reports and calendars; write also files and decides."),
        error_messages={
            "required": _("Choose read, or read and write."),
            "invalid_choice": _("Choose read, or read and write."),
        },
    )
    expires_days = forms.IntegerField(
        label=_("Expires after (days)"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("Give a whole number of days, or leave it empty."),
            "min_value": _("Give at least one day, or leave it empty."),
            "max_value": _("Give at most %(limit_value)s days."),
        },
    )
    # A fresh value per form shown: a form sent twice (a reload) makes one token, not two.
    once = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("prefix", "token")
        super().__init__(*args, **kwargs)
        # The deployment's limits (settings), read when the form is made rather than imported.
        days = self.fields["expires_days"]
        assert isinstance(days, forms.IntegerField)
        most = most_expiry_days()
        days.max_value = most
        days.validators.append(MaxValueValidator(most))
        days.widget.attrs["max"] = str(most)
        days.help_text = _(
            "Leave empty for %(default)s days. At most %(most)s days; make a new token then."
        ) % {"default": default_expiry_days(), "most": most}
