"""The screening pages' forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sojourn.facekit.forms import PlainForm


class DismissForm(PlainForm):
    reason = forms.CharField(
        label=_("Why is this a false positive?"),
        help_text=_(
            "Say what tells the two apart (a date of birth, a country, an affiliation). It is "
            "remembered for this list entry and this name until the entry changes."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why this hit is a false positive.")},
    )
