"""The trip form bound with its rows to one POST, and a draft as the form would post it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sojourn.policy import Leg, Meeting, Traveller, TripFacts
from sojourn.trips.drafts import KEEP, InvitationChange, LegInput, MeetingInput, TripInput
from sojourn.trips.forms.common import TEXT_LIMIT, QuietForm
from sojourn.trips.forms.rows import LegRows, MeetingRows, Rows
from sojourn.trips.models import Invitation, Purpose, Trip

_SERVICE_FIELD = re.compile(r"^(legs|meetings)\[(\d+)\]\.(\w+)$")


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
