"""The debrief form: a summary, materials, and two sets of rows (meetings held, incidents).

`DebriefForms` bundles the three so the view stays thin: it parses, validates, turns rows into
the service's inputs, maps the service's field errors back onto the rows, and adds or removes a
row while keeping everything typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sojourn.debriefs.models import Debrief, IncidentKind
from sojourn.debriefs.requirements import Requirements
from sojourn.debriefs.services import IncidentInput, MeetingHeld
from sojourn.facekit.forms import PlainForm, country_choices

MAX_ROWS = 50
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DebriefForm(PlainForm):
    summary = forms.CharField(
        label=_("Summary of activities"),
        required=False,
        max_length=20000,
        help_text=_("What you did, day by day or event by event: talks, visits, site tours."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    materials = forms.CharField(
        label=_("Materials exchanged"),
        required=False,
        max_length=20000,
        help_text=_("Papers, slides, samples, devices or storage media given or received."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    no_meetings = forms.BooleanField(
        label=_("I held no meetings with foreign contacts on this trip"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MeetingForm(PlainForm):
    counterpart = forms.CharField(
        label=pgettext_lazy("the person met", "Person"), max_length=200, required=False
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    topics = forms.CharField(
        label=_("Topics"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sensitive_topics = forms.BooleanField(label=_("Sensitive subjects came up"), required=False)
    future_contact_requested = forms.BooleanField(
        label=_("Future contact was requested"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = country_choices()

    @property
    def is_blank(self) -> bool:
        return not any(self.cleaned_data.values())

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if any(self.cleaned_data.values()) and not self.cleaned_data.get("counterpart"):
            self.add_error("counterpart", _("Name the person you met."))
        return cleaned

    def to_input(self) -> MeetingHeld:
        data = self.cleaned_data
        return MeetingHeld(
            counterpart=data["counterpart"],
            organisation=data["organisation"],
            country=data["country"],
            topics=data["topics"],
            sensitive_topics=data["sensitive_topics"],
            future_contact_requested=data["future_contact_requested"],
        )


class IncidentForm(PlainForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Choose the kind of incident")), *IncidentKind.choices],
    )
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    country = forms.ChoiceField(label=_("Country"), required=False)
    description = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = country_choices()

    @property
    def is_blank(self) -> bool:
        return not any(self.cleaned_data.values())

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if any(self.cleaned_data.values()):
            if not self.cleaned_data.get("kind"):
                self.add_error("kind", _("Choose what kind of incident it was."))
            if not self.cleaned_data.get("description"):
                self.add_error("description", _("Say what happened."))
        return cleaned

    def to_input(self) -> IncidentInput:
        data = self.cleaned_data
        return IncidentInput(
            kind=data["kind"],
            description=data["description"],
            occurred_on=data["occurred_on"],
            country=data["country"],
        )


MeetingFormSet = formset_factory(
    MeetingForm, extra=0, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
)
IncidentFormSet = formset_factory(
    IncidentForm, extra=0, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
)
ROW_SETS = {"meetings": MeetingFormSet, "incidents": IncidentFormSet}
SERVICE_ROW_ERROR = re.compile(r"^(meetings|incidents)\[(\d+)\]\.(\w+)$")


def _raw(form: forms.Form) -> dict[str, Any]:
    """What was typed into a bound form, field by field, without validating it."""
    return {name: form[name].value() for name in form.fields}


class DebriefForms:
    """The debrief form and its two row sets, bound or not, validated together."""

    def __init__(
        self,
        requirements: Requirements,
        *,
        data: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None,
        meetings: list[dict[str, Any]] | None = None,
        incidents: list[dict[str, Any]] | None = None,
    ) -> None:
        self.requirements = requirements
        self.main = DebriefForm(data, initial=initial)
        self.meetings = MeetingFormSet(data, initial=meetings, prefix="meetings")
        self.incidents = IncidentFormSet(data, initial=incidents, prefix="incidents")
        # The row of each service input, so a service error lands on the row it names.
        self._rows: dict[str, list[int]] = {"meetings": [], "incidents": []}

    @classmethod
    def for_debrief(
        cls, requirements: Requirements, debrief: Debrief | None, *, version: int
    ) -> DebriefForms:
        if debrief is None:
            meetings: list[dict[str, Any]] = [{}] if requirements.meetings_required else []
            return cls(requirements, initial={"version": version}, meetings=meetings)
        return cls(
            requirements,
            initial={
                "summary": debrief.summary,
                "materials": debrief.materials,
                "no_meetings": debrief.no_meetings,
                "version": version,
            },
            meetings=[
                {
                    "counterpart": meeting.counterpart,
                    "organisation": meeting.organisation,
                    "country": meeting.country,
                    "topics": meeting.topics,
                    "sensitive_topics": meeting.sensitive_topics,
                    "future_contact_requested": meeting.future_contact_requested,
                }
                for meeting in debrief.meetings.all()
            ],
            incidents=[
                {
                    "kind": incident.kind,
                    "occurred_on": incident.occurred_on,
                    "country": incident.country,
                    "description": incident.description,
                }
                for incident in debrief.incidents.all()
            ],
        )

    # Adding and removing rows: re-rendered from what was typed, unbound, so no errors show.

    def with_rows_changed(self, *, add: str = "", remove: str = "") -> DebriefForms:
        rows = {name: [_raw(form) for form in self._forms_of(name)] for name in ROW_SETS}
        if add in rows and len(rows[add]) < MAX_ROWS:
            rows[add].append({})
        name, _sep, index = remove.rpartition("-")
        if name in rows and index.isdecimal() and int(index) < len(rows[name]):
            del rows[name][int(index)]
        return DebriefForms(
            self.requirements,
            initial=_raw(self.main),
            meetings=rows["meetings"],
            incidents=rows["incidents"],
        )

    def focus_new_row(self, name: str) -> None:
        """Put the cursor in the first field of the row just added."""
        formset = self.meetings if name == "meetings" else self.incidents
        if name in ROW_SETS and formset.forms:
            last = formset.forms[-1]
            last.fields[next(iter(last.fields))].widget.attrs["autofocus"] = True

    def _forms_of(self, name: str) -> list[forms.Form]:
        formset = self.meetings if name == "meetings" else self.incidents
        if formset.is_bound and not formset.management_form.is_valid():
            return []
        return list(formset.forms)

    # Validating and handing over to the services.

    def is_valid(self, *, submitting: bool) -> bool:
        valid = all([self.main.is_valid(), self.meetings.is_valid(), self.incidents.is_valid()])
        if not valid:
            return False
        held = [form for form in self.meetings.forms if not form.is_blank]
        if self.main.cleaned_data["no_meetings"] and held:
            self.main.add_error(
                "no_meetings",
                _("You listed meetings: remove them, or untick “no meetings”."),
            )
        if submitting:
            if not self.main.cleaned_data["summary"]:
                self.main.add_error(
                    "summary", _("Write a summary of your activities before submitting.")
                )
            if (
                self.requirements.meetings_required
                and not held
                and not self.main.cleaned_data["no_meetings"]
            ):
                self.main.add_error(
                    "no_meetings",
                    _(
                        "This trip needs a detailed debrief: list at least one meeting you "
                        "held, or tick “no meetings”."
                    ),
                )
        return not self.main.errors

    @property
    def version(self) -> int:
        version: int = self.main.cleaned_data["version"]
        return version

    def draft(self) -> dict[str, Any]:
        """The keyword arguments of `save_draft`, after `is_valid`."""
        meetings = [
            (index, form) for index, form in enumerate(self.meetings.forms) if not form.is_blank
        ]
        incidents = [
            (index, form) for index, form in enumerate(self.incidents.forms) if not form.is_blank
        ]
        self._rows = {
            "meetings": [index for index, _form in meetings],
            "incidents": [index for index, _form in incidents],
        }
        return {
            "summary": self.main.cleaned_data["summary"],
            "materials": self.main.cleaned_data["materials"],
            "no_meetings": self.main.cleaned_data["no_meetings"],
            "meetings": [form.to_input() for _index, form in meetings],
            "incidents": [form.to_input() for _index, form in incidents],
        }

    def add_service_errors(self, errors: Mapping[str, str]) -> None:
        """Put each `InvalidInput` message at the field (or the row's field) it names."""
        for key, message in errors.items():
            match = SERVICE_ROW_ERROR.match(key)
            if match is not None:
                name, position, field = match.group(1), int(match.group(2)), match.group(3)
                rows = self._rows[name]
                formset = self.meetings if name == "meetings" else self.incidents
                if position < len(rows) and field in formset.forms[rows[position]].fields:
                    formset.forms[rows[position]].add_error(field, message)
                    continue
            self.main.add_error(key if key in self.main.fields else None, message)

    def refresh_version(self, version: int) -> None:
        """After a stale-version refusal: the form carries the current version, so submitting
        again (after reading the message) is a deliberate second step."""
        data = self.main.data.copy()  # type: ignore[attr-defined]
        data["version"] = str(version)
        self.main.data = data
