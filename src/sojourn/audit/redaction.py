"""What the readers of the trail show of an event's data: never where someone was, nor anyone's
own words.

Events carry ids, codes, states and counts. Events written before that rule keep their data,
since the chain covers it: a need-help check-in's `city`, an officer's note closing an
escalation, a reason (a cancellation's, a withdrawal's, a declined invitation's, a reopening's
naming a directive's text or a deviation), a review's comment or conditions, a trip's title, an
invitation's event, a directive's text, a delivery's error, a token's name, an export's search.
Every reader of event data (the audit page, a trip's story for the auditor, the admin's audit
event pages) shows it through `shown`, which puts `REDACTED` in place of those values. The
stored events and their hashes are untouched.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

# Shown in place of a hidden value, in the reader's language.
REDACTED = gettext_lazy("[redacted]")

# Keys that hold a place or a person's words, whatever the action.
WHEREABOUTS = frozenset({"city", "note", "place", "location", "body"})
WORDS = frozenset(
    {
        "reason",
        "comment",
        "conditions",
        "title",
        "event",
        "text",
        "last_error",
        "error",
        "subject",
        "summary",
        "materials",
        "notes",
        "description",
        "topics",
        "counterpart",
        "necessity",
        "alternatives",
        "decision_reason",
    }
)
HIDDEN = WHEREABOUTS | WORDS

# Keys that hold words only for some actions (elsewhere `name` names an organisation).
WORDS_OF: dict[str, frozenset[str]] = {
    "token.created": frozenset({"name"}),
    "token.used": frozenset({"name"}),
    "token.revoked": frozenset({"name"}),
}

# Keys inside a key that hold words: an export's search, among its filters.
NESTED_WORDS: dict[str, tuple[str, frozenset[str]]] = {
    "trips.exported": ("filters", frozenset({"q"})),
}

# What the services themselves write as an escalation's resolution (anything else was typed).
SERVICE_RESOLUTIONS = frozenset(
    {"checked in", "checked in safe", "back home", "debrief submitted", "withdrawn", "cancelled"}
)


def shown(action: str, data: Any) -> Any:
    """The event's data as a reader of the trail may show it."""
    if not isinstance(data, dict):
        return data
    hidden = HIDDEN | WORDS_OF.get(action, frozenset())
    result = {key: REDACTED if key in hidden else value for key, value in data.items()}
    if action == "escalation.resolved" and not _written_by_services(data.get("resolution")):
        result["resolution"] = REDACTED
    if action in NESTED_WORDS:
        key, words = NESTED_WORDS[action]
        inner = result.get(key)
        if isinstance(inner, dict):
            result[key] = {name: REDACTED if name in words else v for name, v in inner.items()}
    return result


def _written_by_services(resolution: Any) -> bool:
    if resolution is None:
        return True
    text = str(resolution)
    return text in SERVICE_RESOLUTIONS or text.startswith("decided: ")
