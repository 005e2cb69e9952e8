"""Refusals about care's own objects; each names its object (not the trip it concerns)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sojourn.conf.errors import Conflict


class EscalationClosed(Conflict):
    """The escalation was closed already (HTTP 409)."""

    def __init__(self) -> None:
        super().__init__(_("This escalation is already closed."))
