"""A trip's legs and meetings as rows of a form, and adding or removing a row without JavaScript."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from sojourn.trips.forms.common import (
    CalendarInput,
    QuietForm,
    country_choices,
    ends_not_before_start,
)

MAX_LEGS = 20
MAX_MEETINGS = 30


class LegForm(QuietForm):
    country = forms.ChoiceField(label=_("Country"), choices=())
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    starts_on = forms.DateField(label=_("From"), widget=CalendarInput)
    ends_on = forms.DateField(label=_("Until"), widget=CalendarInput)
    transit = forms.BooleanField(label=_("Transit only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ends_not_before_start(
            self, "starts_on", "ends_on", str(_("The leg cannot end before it starts."))
        )
        return cleaned


class MeetingForm(QuietForm):
    counterpart = forms.CharField(label=_("Counterpart"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=(), required=False)
    topics = forms.CharField(label=_("Topics"), max_length=300, required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=CalendarInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]


class Rows(forms.BaseFormSet[QuietForm]):
    """Rows of a trip. Every row may be left empty (it is then ignored); none is "initial", so
    removing or adding a row is only a matter of renumbering what was posted."""

    extra = 0
    min_num = 0
    validate_min = False
    validate_max = True
    can_order = False
    can_delete = False
    can_delete_extra = False
    renderer = None
    required_message: Any = ""

    def __init__(
        self, *args: Any, quiet: bool = False, require_one: bool = False, **kw: Any
    ) -> None:
        kw.setdefault("form_kwargs", {})["quiet"] = quiet
        super().__init__(*args, **kw)
        self.quiet = quiet
        self.require_one = require_one

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def full_clean(self) -> None:
        if self.quiet:
            self._errors: list[ErrorDict] = []
            self._non_form_errors = self.error_class(error_class="nonform", renderer=self.renderer)
            return
        super().full_clean()

    def clean(self) -> None:
        if self.require_one and not self.filled():
            raise forms.ValidationError(self.required_message)

    def filled(self) -> list[tuple[int, dict[str, Any]]]:
        """The rows with something in them, with their position on the form."""
        return [(i, form.cleaned_data) for i, form in enumerate(self.forms) if form.cleaned_data]


class LegRows(Rows):
    form = LegForm
    max_num = MAX_LEGS
    absolute_max = MAX_LEGS
    required_message = _("Add at least one leg: where you go and when.")

    @classmethod
    def get_default_prefix(cls) -> str:
        return "legs"


class MeetingRows(Rows):
    form = MeetingForm
    max_num = MAX_MEETINGS
    absolute_max = MAX_MEETINGS

    @classmethod
    def get_default_prefix(cls) -> str:
        return "meetings"


ROW_SETS: dict[str, type[Rows]] = {"legs": LegRows, "meetings": MeetingRows}


# Adding and removing rows without JavaScript: the button's value names the change.

_ROW_ACTION = re.compile(r"^(add|remove)-(legs|meetings)(?:-(\d+))?$")


@dataclass(frozen=True)
class RowChange:
    data: QueryDict
    prefix: str
    added: int | None  # the index of the new row, to focus it


def change_rows(data: QueryDict, action: str) -> RowChange | None:
    """The posted data with a row added or removed, or None when `action` is no such change."""
    match = _ROW_ACTION.match(action)
    if match is None:
        return None
    verb, prefix, index = match.group(1), match.group(2), match.group(3)
    changed = data.copy()
    total_key = f"{prefix}-TOTAL_FORMS"
    total = _count(data.get(total_key))
    if verb == "add":
        if total >= ROW_SETS[prefix].max_num:
            return RowChange(changed, prefix, None)
        changed[total_key] = str(total + 1)
        return RowChange(changed, prefix, total)
    if index is None or int(index) >= total:
        return RowChange(changed, prefix, None)
    removed = int(index)
    row_key = re.compile(rf"^{prefix}-(\d+)-(\w+)$")
    for key in list(changed.keys()):
        if row_key.match(key):
            del changed[key]
    for key, values in data.lists():
        found = row_key.match(key)
        if found is None or int(found.group(1)) == removed:
            continue
        position = int(found.group(1))
        changed.setlist(f"{prefix}-{position - (position > removed)}-{found.group(2)}", values)
    changed[total_key] = str(total - 1)
    return RowChange(changed, prefix, None)


def _count(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0
