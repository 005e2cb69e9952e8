"""Words for the codes a trip's assessment stores, shared by the pages and the notifications."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The engine stores plain codes (it imports no Django); these are their words on the page.
CODE_LABELS: dict[str, dict[str, Promise]] = {
    "route": {
        "not_required": _("No approval required"),
        "auto_approve": _("Approved automatically"),
        "review": _("Review"),
        "deny": _("Refused by policy"),
    },
    "severity": {
        "blocker": _("Blocker"),
        "warning": _("Warning"),
        "info": _("Information"),
    },
    "step": {
        "org_security": _("Security officer"),
        "oversight": _("Oversight"),
        "system": _("System (policy)"),
    },
    "depth": {
        "summary": _("Summary"),
        "detailed": _("Detailed"),
    },
}


def code_label(code: object, kind: str) -> str:
    """The word for a stored code; an unknown code shows as itself, never as nothing."""
    text = "" if code is None else str(code)
    label = CODE_LABELS.get(kind, {}).get(text)
    return str(label) if label is not None else text.replace("_", " ")
