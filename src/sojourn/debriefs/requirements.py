"""What a trip's assessment asks of its debrief: one rule, read by the form and the services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Requirements:
    """The debrief depth and whether contacts must be accounted for, from the stored assessment."""

    detailed: bool
    contacts_required: bool

    @property
    def meetings_required(self) -> bool:
        """A detailed debrief (or one that must list contacts) lists at least one meeting held,
        or says explicitly that there were none."""
        return self.detailed or self.contacts_required

    @classmethod
    def of(cls, assessment: Mapping[str, Any] | None) -> Requirements:
        assessment = assessment or {}
        return cls(
            detailed=assessment.get("debrief_depth") == "detailed",
            contacts_required=bool(assessment.get("debrief_contacts_required")),
        )
