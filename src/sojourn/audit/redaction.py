"""What the faces show of an event's data: never where someone was, nor anyone's own words.

Events carry ids, codes and counts. Events written before that rule (a need-help check-in's
`city`, an officer's note closing an escalation, a debrief review's comment, a deviation's
reason naming a city) keep their data, since the chain covers it; every face that shows event
data (the audit page, the auditor's home, a trip's timeline) shows it through `shown`, which
puts `REDACTED` in place of those values. The stored events and their hashes are untouched.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

# Shown in place of a hidden value, in the reader's language.
REDACTED = gettext_lazy("[redacted]")

# Keys that hold a place or a person's words, whatever the action.
WHEREABOUTS = frozenset({"city", "note", "place", "location", "body"})

# Keys that hold words only for some actions.
WORDS_OF: dict[str, frozenset[str]] = {
    "trip.debrief_accepted": frozenset({"comment"}),
    "trip.debrief_info_requested": frozenset({"comment"}),
}

# What the services themselves write as an escalation's resolution (anything else was typed).
SERVICE_RESOLUTIONS = frozenset(
    {"checked in", "checked in safe", "back home", "debrief submitted", "withdrawn", "cancelled"}
)


def shown(action: str, data: Any, *, by_system: bool) -> Any:
    """The event's data as a face may show it. `by_system`: the worker wrote the event."""
    if not isinstance(data, dict):
        return data
    hidden = WHEREABOUTS | WORDS_OF.get(action, frozenset())
    result = {key: REDACTED if key in hidden else value for key, value in data.items()}
    if action == "escalation.resolved" and not _written_by_services(data.get("resolution")):
        result["resolution"] = REDACTED
    # A reopening asked for by the traveller's deviation named the city it reported; one the
    # worker wrote (a directive's re-assessment) names a directive.
    if action == "trip.reopened" and not by_system and "reason" in result:
        result["reason"] = REDACTED
    return result


def _written_by_services(resolution: Any) -> bool:
    if resolution is None:
        return True
    text = str(resolution)
    return text in SERVICE_RESOLUTIONS or text.startswith("decided: ")
