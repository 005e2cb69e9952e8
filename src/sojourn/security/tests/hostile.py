"""What the bad-input tests send, and how they read a page back.

The hostile strings are sent as typed; a page must show each one as text (escaped), never as
markup, and keep it exactly as typed. `Page` reads a rendered page the way a browser would:
the value of every field of its forms, the attributes of each control and the text of each
element that has an id (where the messages tied to a field with aria-describedby live).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.apps import apps
from django.utils.html import escape

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{ 7*7 }}"
MARKUP = (SCRIPT, ATTRIBUTE, TEMPLATE)
# One text field holding all three, so one trip or debrief carries every kind at once.
HOSTILE = f"Trip {SCRIPT} {ATTRIBUTE} {TEMPLATE}"
SQL = ("'; DROP TABLE trips_trip; --", "1 OR 1=1", "Robert'); DELETE FROM auth_user; --")
# What must never reach a page as markup.
LIVE_MARKUP = ("<script>alert(1)", "<img src=x", "onerror=alert(1)>")

# The domain's tables, and the accounts (a password change is stored input too).
STORED_APPS = (
    "auth",
    "people",
    "trips",
    "care",
    "debriefs",
    "notify",
    "directives",
    "api",
    "audit",
)
# Reads (`debrief.read`, `locations.read`, an export), sign-ins and token uses are audited as
# they happen; they are not stored input.
NOT_STORED_ACTIONS = re.compile(r"(\.read|^auth\.\w+|^trips\.exported|^token\.used)$")


def assert_shown_escaped(html: str, raw: str) -> None:
    """`raw` appears in the page as text: escaped, and nowhere as live markup."""
    for live in LIVE_MARKUP:
        assert live not in html, f"live markup {live!r} in the page"
    assert escape(raw) in html, f"{escape(raw)!r} is not shown"


# Reading forms back -------------------------------------------------------------------------

VOID_CONTROLS = {"input"}


@dataclass
class Control:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    options: list[tuple[str, bool]] = field(default_factory=list)
    form: str | None = None  # the action of the form it belongs to; None outside any form
    group: dict[str, str] = field(default_factory=dict)  # the fieldset around it, if any

    @property
    def name(self) -> str:
        return self.attrs.get("name", "")

    def submitted(self) -> list[str]:
        """What a browser would send for this control."""
        kind = self.attrs.get("type", "text").lower()
        if self.tag == "textarea":
            return [self.text[1:] if self.text.startswith("\n") else self.text]
        if self.tag == "select":
            return [value for value, selected in self.options if selected]
        if kind in {"checkbox", "radio"}:
            return [self.attrs.get("value", "on")] if "checked" in self.attrs else []
        if self.tag == "button" or kind in {"submit", "button", "file", "reset", "image"}:
            return []
        return [self.attrs.get("value", "")]


class Page(HTMLParser):
    """A rendered page: its form controls in order, and the text of every element with an id."""

    def __init__(self, html: str | bytes, *, action: str | None = None) -> None:
        """`action`: read only the forms that post to this address (or to their own page)."""
        super().__init__(convert_charrefs=True)
        self.action = action
        self._form: str | None = None
        self._fieldsets: list[dict[str, str]] = []
        self.controls: list[Control] = []
        self.texts: dict[str, str] = {}
        self.alerts: list[str] = []  # the text of each role="alert" element
        # The elements being read: (tag, id) or (tag, index of the alert).
        self._open_ids: list[tuple[str, str | int]] = []
        self._control: Control | None = None
        self._option: tuple[str, bool] | None = None
        self.feed(html.decode() if isinstance(html, bytes) else html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag not in VOID_CONTROLS:
            if "id" in values:
                self._open_ids.append((tag, values["id"]))
                self.texts.setdefault(values["id"], "")
            if values.get("role") == "alert":
                self._open_ids.append((tag, len(self.alerts)))
                self.alerts.append("")
        group = self._fieldsets[-1] if self._fieldsets else {}
        if tag == "form":
            self._form = values.get("action", "")
        elif tag == "fieldset":
            self._fieldsets.append(values)
        elif tag in {"input", "button"}:
            self._add(Control(tag, values, form=self._form, group=group))
        elif tag in {"textarea", "select"}:
            self._control = Control(tag, values, form=self._form, group=group)
            self._add(self._control)
        elif tag == "option" and self._control is not None:
            self._option = (values.get("value", ""), "selected" in values)
            self._control.options.append(self._option)

    def _add(self, control: Control) -> None:
        if self.action is None or control.form in {self.action, ""}:
            self.controls.append(control)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()
        if tag in {"textarea", "select"}:
            self._control = None
        for index in range(len(self._open_ids) - 1, -1, -1):
            if self._open_ids[index][0] == tag:
                del self._open_ids[index]
                break

    def handle_data(self, data: str) -> None:
        if self._control is not None and self._control.tag == "textarea":
            self._control.text += data
        for _tag, key in self._open_ids:
            if isinstance(key, int):
                self.alerts[key] += data
            else:
                self.texts[key] += data

    # What tests ask of a page

    def control(self, name: str) -> Control:
        found = [control for control in self.controls if control.name == name]
        assert found, f"no field named {name!r} on the page"
        return found[0]

    def values(self) -> dict[str, list[str]]:
        """Every field as the form would be sent again."""
        sent: dict[str, list[str]] = {}
        for control in self.controls:
            if control.name:
                sent.setdefault(control.name, []).extend(control.submitted())
        return sent

    def buttons(self) -> set[tuple[str, str]]:
        """The (name, value) pairs the form's buttons send: a choice made by pressing one."""
        return {
            (control.name, control.attrs.get("value", ""))
            for control in self.controls
            if control.tag == "button" or control.attrs.get("type") == "submit"
        }

    def error_at(self, name: str) -> str:
        """The message tied to a field: the control is marked invalid, and its
        aria-describedby (or, for a group of choices, its fieldset's) names an element on the
        page that holds the message."""
        control = self.control(name)
        assert control.attrs.get("aria-invalid") == "true", f"{name} is not marked invalid"
        described = (
            control.attrs.get("aria-describedby") or control.group.get("aria-describedby", "")
        ).split()
        own = [ref for ref in described if ref.endswith("_error")]
        assert own, f"{name} is not described by an error: {described}"
        text = " ".join(self.texts.get(ref, "") for ref in own).strip()
        assert text, f"no message at {own} for {name}"
        return text


def assert_kept(page: Page, sent: Mapping[str, str], *, skip: Iterable[str] = ()) -> None:
    """Every value sent is still in the form, exactly as typed."""
    shown, buttons = page.values(), page.buttons()
    left_out = {"csrfmiddlewaretoken", "action", *skip}
    for name, value in sent.items():
        if name in left_out or name.endswith(("TOTAL_FORMS", "INITIAL_FORMS")):
            continue
        if (value in {"on", "true"} and shown.get(name) == ["on"]) or (name, value) in buttons:
            continue
        assert shown.get(name) == [value], f"{name}: sent {value!r}, shown {shown.get(name)!r}"


# Nothing stored -----------------------------------------------------------------------------


# Rows that follow requests rather than keep the domain: the chain's head moves with every
# audited read, and the API's rate limit counts every request, refused ones included.
BOOKKEEPING = frozenset({"audit.AuditChainHead", "api.RequestCount"})


def stored(*, leave_out: Iterable[str] = ()) -> dict[str, list[dict[str, Any]]]:
    """Every row the domain keeps, table by table (audited reads and sign-ins left out, and
    the models named in `leave_out`, such as an API token that notes when it was last used)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for label in STORED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in leave_out:
                continue
            found = list(model._default_manager.order_by("pk").values())
            if model._meta.label in BOOKKEEPING:
                continue
            if model._meta.label == "audit.AuditEvent":
                found = [row for row in found if not _not_stored(row["action"])]
            rows[model._meta.label] = found
    return rows


def _not_stored(action: str) -> bool:
    return NOT_STORED_ACTIONS.search(action) is not None
