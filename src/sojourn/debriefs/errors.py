"""Refusals about a debrief; each names the debrief (not the trip it belongs to)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sojourn.conf.errors import Conflict


class DebriefFiled(Conflict):
    """The debrief was filed and waits for review, or was accepted: it cannot change (HTTP 409)."""

    def __init__(self, status: str) -> None:
        super().__init__(
            _("This debrief cannot be changed: it is %(status)s.") % {"status": status}
        )
        self.status = status
