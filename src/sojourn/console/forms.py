"""The console's forms: they parse and keep what was typed; the services decide what is valid
(a comment required for a denial, a note for a closed escalation) and their `InvalidInput`
messages are put back at the fields with `show_service_errors`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import ReviewDecision

TEXT_LIMIT = 4000


class ConsoleForm(forms.Form):
    """No colon after labels; ids stay unique when several forms share a page (the prefix)."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        prefix: str | None = None,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(data, prefix=prefix, initial=dict(initial or {}), label_suffix="")


def show_service_errors(form: forms.Form, error: InvalidInput) -> None:
    """Put a service's messages at the fields they name; the rest above the form."""
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)


def _text(label: StrOrPromise, *, rows: int = 4, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# Filters (GET) ---------------------------------------------------------------------------------


class QueueFilterForm(ConsoleForm):
    """The review queue's filters; an unknown value simply matches nothing."""

    tier = forms.CharField(required=False, max_length=50)
    route = forms.CharField(required=False, max_length=20)
    finding = forms.CharField(required=False, max_length=60)
    traveller_id = forms.IntegerField(required=False, min_value=1)


class PeopleFilterForm(ConsoleForm):
    q = forms.CharField(required=False, max_length=100)
    organisation = forms.IntegerField(required=False, min_value=1)


# Decisions (POST) ------------------------------------------------------------------------------

MISSING_VERSION = _("This form lost track of the trip's version: reload the page and try again.")
DECISION_LABELS = {
    ReviewDecision.APPROVE: _("Approve"),
    ReviewDecision.DENY: _("Deny"),
    ReviewDecision.REQUEST_CHANGES: _("Request changes (the trip goes back to the traveller)"),
}


class DecisionForm(ConsoleForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose approve, deny or request changes.")},
    )
    conditions = _text(
        _("Conditions"),
        rows=3,
        help_text=_("What the traveller must do if approved, e.g. “travel with a clean laptop”."),
    )
    comment = _text(
        _("Comment"),
        help_text=_("Required to deny or to request changes: say why, and what to do next."),
    )
    # The copy of the trip the reviewer read; a decision on an older copy is refused.
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": MISSING_VERSION}
    )
    seen_status = forms.CharField(widget=forms.HiddenInput, required=False, max_length=16)
    opened = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        under_way: bool = False,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        # A trip under way cannot go back to draft: its reopened chain is approved or denied.
        decisions = [ReviewDecision.APPROVE, ReviewDecision.DENY]
        if not under_way:
            decisions.append(ReviewDecision.REQUEST_CHANGES)
        choice: forms.ChoiceField = self.fields["decision"]  # type: ignore[assignment]
        choice.choices = [(decision.value, DECISION_LABELS[decision]) for decision in decisions]


class DebriefReviewForm(ConsoleForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("accept", _("Accept the debrief (the trip closes)")),
            ("request_info", _("Ask for more information (the traveller edits and files again)")),
        ],
        error_messages={"required": _("Choose accept or ask for more information.")},
    )
    comment = _text(
        _("Comment"),
        help_text=_("Required when asking for more: say what is missing."),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": MISSING_VERSION}
    )


class CloseEscalationForm(ConsoleForm):
    note = _text(_("How was it resolved?"), rows=2)


class FollowUpForm(ConsoleForm):
    note = _text(_("What did the follow-up find?"), rows=2)
