"""The traveller's pages: the trip form and its live assessment, the actions on a trip page,
and invitations.

Each view parses its input with a form, calls one service and redirects with a note
(POST-redirect-GET). A refusal by a service is shown in words, with what was typed kept: a stale
version or an illegal move answers 409, a role that may not act 403, bad input 422. What the
user may not see is a 404 before anything else is looked at.
"""

from sojourn.trips.views.invitation_pages import (
    invitation_accept,
    invitation_decline,
    invitation_detail,
    invitation_list,
    invitation_new,
)
from sojourn.trips.views.trip_pages import (
    trip_assess,
    trip_briefing,
    trip_edit,
    trip_new,
    trip_submit,
    trip_withdraw,
)

__all__ = [
    "invitation_accept",
    "invitation_decline",
    "invitation_detail",
    "invitation_list",
    "invitation_new",
    "trip_assess",
    "trip_briefing",
    "trip_edit",
    "trip_new",
    "trip_submit",
    "trip_withdraw",
]
