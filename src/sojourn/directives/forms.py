"""The forms of the oversight pages: a policy upload, an advisory, and the two instructions.

Forms parse and check what was typed; `sojourn.directives.services` decides. A refusal by the
service comes back as `InvalidInput` and is put at its field with `apply_errors`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from sojourn.directives.models import AdvisoryEffect
from sojourn.directives.services import load_new_version
from sojourn.facekit.forms import PlainForm
from sojourn.policy import Pack, PackError, Problem
from sojourn.trips.body import MAX_ID

MAX_PACK_BYTES = 256 * 1024
PACK_SUFFIXES = (".yaml", ".yml")
# What browsers send for a .yaml file varies; anything that claims to be text or YAML, or
# claims nothing, is read (and must then decode as UTF-8 text).
PACK_CONTENT_TYPES = {"", "application/octet-stream", "application/x-yaml", "application/yaml"}


def apply_errors(
    form: forms.Form, errors: Mapping[str, str], aliases: Mapping[str, str] | None = None
) -> None:
    """Put a service's messages at the fields they name; the rest above the form."""
    for key, message in errors.items():
        name = (aliases or {}).get(key, key)
        form.add_error(name if name in form.fields else None, message)


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


# Policy packs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownProblem:
    """A problem of the uploaded pack, with the line of the text it points at."""

    path: str
    message: str
    line: int | None
    column: int | None
    excerpt: str


def shown_problems(problems: tuple[Problem, ...], text: str) -> list[ShownProblem]:
    lines = text.splitlines()
    return [
        ShownProblem(
            path=problem.path,
            message=problem.message,
            line=problem.line,
            column=problem.column,
            excerpt=lines[problem.line - 1] if problem.line and problem.line <= len(lines) else "",
        )
        for problem in problems
    ]


class PolicyForm(PlainForm):
    """A new version of a pack, pasted or uploaded. Valid means: it loads, and its version
    number is above the latest stored for its pack."""

    source = forms.CharField(
        label=_("The pack, in YAML"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "false", "autocapitalize": "off"}),
    )
    upload = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("A .yaml or .yml text file of at most 256 KB; it replaces the text above."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
    )
    note = forms.CharField(
        label=_("Note for the directive (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problems: list[ShownProblem] = []
        self.pack: Pack | None = None

    def clean_upload(self) -> str | None:
        upload: UploadedFile | None = self.cleaned_data.get("upload")
        if upload is None:
            return None
        name = (upload.name or "").lower()
        content_type = (upload.content_type or "").split(";")[0].strip().lower()
        if not name.endswith(PACK_SUFFIXES):
            raise forms.ValidationError(_("Upload a .yaml or .yml file."))
        if not (content_type.startswith("text/") or content_type in PACK_CONTENT_TYPES):
            raise forms.ValidationError(_("This file is not text: upload the pack's YAML."))
        if (upload.size or 0) > MAX_PACK_BYTES:
            raise forms.ValidationError(_("The file is larger than 256 KB."))
        try:
            text: str = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        if "\x00" in text:
            raise forms.ValidationError(_("This file is not text: upload the pack's YAML."))
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.has_error("upload"):
            return cleaned
        text = cleaned.get("upload") or cleaned.get("source") or ""
        if cleaned.get("upload"):
            # Show what the file held in the text area, so an error can be fixed in place.
            self.data = {**dict(self.data.items()), "source": text}
        cleaned["source"] = text
        if not text.strip():
            self.add_error("source", _("Paste the pack's YAML or upload a file."))
        elif len(text.encode()) > MAX_PACK_BYTES:
            self.add_error("source", _("The pack is larger than 256 KB."))
        else:
            self._load(text)
        return cleaned

    def _load(self, text: str) -> None:
        try:
            self.pack = load_new_version(text)
        except PackError as error:
            self._refuse(list(error.problems), text)

    def _refuse(self, problems: list[Problem], text: str) -> None:
        self.problems = shown_problems(tuple(problems), text)
        count = len(problems)
        self.add_error(
            "source",
            ngettext(
                "The pack has %(count)d problem, shown below at its place in the text.",
                "The pack has %(count)d problems, each shown below at its place in the text.",
                count,
            )
            % {"count": count},
        )

    def refuse(self, errors: Mapping[str, str]) -> None:
        """The service's own refusal (keyed by paths in the pack), shown like a load error."""
        text = self.cleaned_data.get("source", "")
        self._refuse([Problem(path, message) for path, message in errors.items()], text)


# Advisories and instructions -------------------------------------------------------------------


class AdvisoryForm(PlainForm):
    destinations = forms.CharField(
        label=_("Destinations"),
        max_length=500,
        help_text=_(
            "Country codes or group names, separated by commas or spaces: for example "
            "US, GB, @FIVE_EYES."
        ),
    )
    starts_on = forms.DateField(label=_("From"), widget=_date_input())
    ends_on = forms.DateField(label=_("Until"), widget=_date_input())
    effect = forms.ChoiceField(
        label=pgettext_lazy("what an advisory does to travel", "Effect"),
        choices=AdvisoryEffect.choices,
        widget=forms.RadioSelect,
    )
    tier = forms.CharField(
        label=_("Tier to raise travel to"),
        required=False,
        max_length=50,
        help_text=_("Only for “Raise to a tier”: a tier of the policy, such as restricted."),
        widget=forms.TextInput(attrs={"list": "tier-names", "autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("What the advisory says"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_destinations(self) -> list[str]:
        return [part for part in re.split(r"[\s,;]+", self.cleaned_data["destinations"]) if part]


class TripSearchForm(PlainForm):
    q = forms.CharField(
        label=_("Find an open trip"),
        required=False,
        max_length=200,
        help_text=_("A trip number, or part of a title, a traveller's name or an organisation."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class CancelForm(PlainForm):
    trip_id = forms.IntegerField(
        label=_("Trip number"),
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Choose a trip from the search, or type its number."),
    )
    text = forms.CharField(
        label=_("Reason for the instruction"),
        max_length=4000,
        help_text=_("The traveller and their security officer read it."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PersonSearchForm(PlainForm):
    q = forms.CharField(
        label=_("Find a person"),
        required=False,
        max_length=150,
        help_text=_("Part of a username or name."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class HoldForm(PlainForm):
    person_id = forms.IntegerField(
        label=_("User id"),
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Choose a person from the search, or type their user id."),
    )
    hold_until = forms.DateField(label=_("Hold travel until"), widget=_date_input())
    text = forms.CharField(
        label=_("Reason for the instruction"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
