"""The traveller's forms: a trip with its legs and meetings as rows, an invitation, a decision.

Forms parse and check what was typed; the services in `drafts`, `services` and `invitations`
decide. A form shown again after "add a row" is *quiet*: it keeps what was typed and judges none
of it yet, so a row not filled in is not an error until the trip is saved.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sojourn.policy import ALL_CODES, Leg, Meeting, Traveller, TripFacts, country_name
from sojourn.trips.drafts import KEEP, InvitationChange, LegInput, MeetingInput, TripInput
from sojourn.trips.invitations import InvitationInput
from sojourn.trips.models import Invitation, PaidBy, Purpose, Trip

MAX_LEGS = 20
MAX_MEETINGS = 30
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


def _ends_not_before_start(form: forms.Form, start: str, end: str, message: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first is not None and last is not None and last < first:
        form.add_error(end, message)


# A trip ---------------------------------------------------------------------------------------


class InvitationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.event} ({obj.country}, {obj.starts_on:%Y-%m-%d})"


class TripForm(QuietForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    necessity = forms.CharField(
        label=_("Why the trip is necessary"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the trip achieves that nothing else would."),
    )
    alternatives = forms.CharField(
        label=_("Alternatives considered"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: attend remotely, send a colleague, meet in a third country."),
    )
    invitation = InvitationChoiceField(
        label=_("Invitation this trip answers"),
        queryset=Invitation.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        invitations: QuerySet[Invitation] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        """`invitations` are those the trip may answer; with none, there is no field to skip past.
        Editing a draft requires the version it was read at."""
        super().__init__(*args, **kwargs)
        field = self.fields["invitation"]
        self.fields["version"].required = editing
        if invitations is None or not invitations.exists():
            del self.fields["invitation"]
        else:
            assert isinstance(field, InvitationChoiceField)
            field.queryset = invitations


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
        _ends_not_before_start(
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
_SERVICE_FIELD = re.compile(r"^(legs|meetings)\[(\d+)\]\.(\w+)$")


@dataclass
class TripEditor:
    """The trip form and its two sets of rows, bound together to one POST."""

    form: TripForm
    legs: Rows
    meetings: Rows

    @classmethod
    def bind(
        cls,
        data: Mapping[str, Any],
        *,
        invitations: QuerySet[Invitation] | None = None,
        editing: bool = False,
        quiet: bool = False,
        require_leg: bool = False,
    ) -> TripEditor:
        return cls(
            form=TripForm(data, invitations=invitations, editing=editing, quiet=quiet),
            legs=LegRows(data, quiet=quiet, require_one=require_leg),
            meetings=MeetingRows(data, quiet=quiet),
        )

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.legs.is_valid(), self.meetings.is_valid()]
        return all(results)

    @property
    def invitation(self) -> InvitationChange:
        """The invitation chosen, None for none, or KEEP when the form offered no choice (so
        saving a draft never unlinks an invitation the form did not show)."""
        if "invitation" not in self.form.fields:
            return KEEP
        found: Invitation | None = self.form.cleaned_data.get("invitation")
        return found

    def focus_row(self, prefix: str, index: int) -> None:
        """Put the focus on the first field of a row just added (htmx honours autofocus too)."""
        rows: Rows = getattr(self, prefix)
        if 0 <= index < len(rows.forms):
            form = rows.forms[index]
            form.fields[next(iter(form.fields))].widget.attrs["autofocus"] = True

    def trip_input(self) -> TripInput:
        data = self.form.cleaned_data
        return TripInput(
            title=data["title"],
            purpose=data["purpose"],
            necessity=data["necessity"],
            alternatives=data["alternatives"],
            legs=[LegInput(**row) for _, row in self.legs.filled()],
            meetings=[MeetingInput(**row) for _, row in self.meetings.filled()],
        )

    def add_service_errors(self, errors: Mapping[str, str]) -> None:
        """Put each message of a service's InvalidInput at the field it names."""
        positions = {"legs": self.legs.filled(), "meetings": self.meetings.filled()}
        for name, message in errors.items():
            match = _SERVICE_FIELD.match(name)
            if match:
                prefix, index, field = match.group(1), int(match.group(2)), match.group(3)
                rows = positions[prefix]
                if index < len(rows):
                    form = getattr(self, prefix).forms[rows[index][0]]
                    if field in form.fields:
                        form.add_error(field, message)
                        continue
            if name in self.form.fields:
                self.form.add_error(name, message)
            else:
                self.form.add_error(None, message)

    def facts(self, traveller: Traveller, today: datetime.date) -> TripFacts | None:
        """The unsaved trip as the policy engine sees it; None while a leg is incomplete."""
        if not self.legs.is_valid() or not self.legs.filled():
            return None
        raw = self.form.data
        purpose = raw.get("purpose", "")
        # A meeting half typed is left out rather than holding the whole assessment back.
        meetings = [
            Meeting(
                counterpart=m["counterpart"], organisation=m["organisation"], country=m["country"]
            )
            for form in self.meetings.forms
            if form.is_valid() and (m := form.cleaned_data)
        ]
        return TripFacts(
            traveller=traveller,
            purpose=purpose if purpose in Purpose.values else Purpose.BUSINESS,
            reported_on=today,
            necessity=str(raw.get("necessity", "")),
            alternatives=str(raw.get("alternatives", "")),
            legs=tuple(
                Leg(
                    country=row["country"],
                    city=row["city"],
                    starts_on=row["starts_on"],
                    ends_on=row["ends_on"],
                    transit=row["transit"],
                )
                for _, row in self.legs.filled()
            ),
            meetings=tuple(meetings),
        )


def blank_trip_data() -> dict[str, str]:
    """What the new-trip page starts from: one empty leg, no meetings."""
    return {
        "purpose": Purpose.BUSINESS,
        "legs-TOTAL_FORMS": "1",
        "legs-INITIAL_FORMS": "0",
        "meetings-TOTAL_FORMS": "0",
        "meetings-INITIAL_FORMS": "0",
    }


def trip_data(trip: Trip) -> dict[str, str]:
    """A stored draft as the form would post it, so editing starts from exactly what is saved."""
    legs = list(trip.legs.all())
    meetings = list(trip.meetings.all())
    data = {
        "title": trip.title,
        "purpose": trip.purpose,
        "necessity": trip.necessity,
        "alternatives": trip.alternatives,
        "invitation": str(trip.invitation_id or ""),
        "version": str(trip.version),
        "legs-TOTAL_FORMS": str(len(legs)),
        "legs-INITIAL_FORMS": "0",
        "meetings-TOTAL_FORMS": str(len(meetings)),
        "meetings-INITIAL_FORMS": "0",
    }
    for i, leg in enumerate(legs):
        data |= {
            f"legs-{i}-country": leg.country,
            f"legs-{i}-city": leg.city,
            f"legs-{i}-starts_on": leg.starts_on.isoformat(),
            f"legs-{i}-ends_on": leg.ends_on.isoformat(),
        }
        if leg.transit:
            data[f"legs-{i}-transit"] = "on"
    for i, meeting in enumerate(meetings):
        data |= {
            f"meetings-{i}-counterpart": meeting.counterpart,
            f"meetings-{i}-organisation": meeting.organisation,
            f"meetings-{i}-country": meeting.country,
            f"meetings-{i}-topics": meeting.topics,
            f"meetings-{i}-date": meeting.date.isoformat() if meeting.date else "",
        }
    return data


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


# Trip actions ---------------------------------------------------------------------------------


class VersionForm(forms.Form):
    """The version of the trip the page showed; a service refuses it if the trip moved on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class WithdrawForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It is kept with the trip; your security officer sees it too."),
    )


# Invitations ----------------------------------------------------------------------------------


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
        _ends_not_before_start(
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
