"""What each audit action code means, in the reader's language: the audit log shows both.

The codes stay as they are stored (auditors filter by them); the label is for reading. A code
without a label here shows as itself.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "auth.login": _("Signed in"),
    "auth.login_failed": _("Sign-in failed"),
    "auth.logout": _("Signed out"),
    "session.ended": _("Session ended"),
    "mfa.enrolled": _("Two-factor sign-in set up"),
    "mfa.setup_failed": _("Two-factor set-up failed"),
    "mfa.verified": _("Two-factor code accepted"),
    "mfa.failed": _("Two-factor code refused"),
    "mfa.recovery_code_used": _("Recovery code used"),
    "mfa.recovery_codes_replaced": _("Recovery codes replaced"),
    "mfa.removed": _("Two-factor sign-in removed"),
    "token.created": _("Access token created"),
    "token.revoked": _("Access token revoked"),
    "token.used": _("Access token used"),
    "feed.created": _("Calendar address created"),
    "feed.rotated": _("Calendar address replaced"),
    "organisation.created": _("Organisation created"),
    "person.created": _("Person created"),
    "person.profile_updated": _("Profile changed"),
    "trip.created": _("Trip reported as a draft"),
    "trip.edited": _("Trip draft edited"),
    "trip.submitted": _("Trip submitted"),
    "trip.step_approved": _("Approval step approved"),
    "trip.approved": _("Trip approved"),
    "trip.denied": _("Trip denied"),
    "trip.changes_requested": _("Changes requested"),
    "trip.withdrawn": _("Trip withdrawn"),
    "trip.cancelled": _("Trip cancelled"),
    "trip.departed": _("Departed"),
    "trip.returned": _("Returned"),
    "trip.reopened": _("Approval reopened"),
    "trip.reapproved": _("Trip approved again"),
    "trip.approval_withdrawn": _("Approval withdrawn"),
    "trip.briefing_acknowledged": _("Briefing acknowledged"),
    "trip.debrief_submitted": _("Debrief filed"),
    "trip.debrief_accepted": _("Debrief accepted"),
    "trip.debrief_info_requested": _("More information requested on a debrief"),
    "trips.exported": _("Trips exported"),
    "invitation.recorded": _("Invitation recorded"),
    "invitation.accepted": _("Invitation accepted"),
    "invitation.declined": _("Invitation declined"),
    "checkin.recorded": _("Check-in recorded"),
    "checkin_link.used": _("Check-in link used"),
    "deviation.reported": _("Deviation reported"),
    "debrief.created": _("Debrief started"),
    "debrief.saved": _("Debrief saved"),
    "debrief.read": _("Debrief read"),
    "locations.read": _("Check-in locations read"),
    "vault.rekeyed": _("Personal data sealed again under a new key"),
    "escalation.missed_checkin": _("Escalation: check-in missed"),
    "escalation.unreachable": _("Escalation: unreachable"),
    "escalation.need_help": _("Escalation: asked for help"),
    "escalation.off_itinerary": _("Escalation: checked in off the itinerary"),
    "escalation.debrief_overdue": _("Escalation: debrief overdue"),
    "escalation.debrief_overdue_oversight": _("Escalation: debrief long overdue"),
    "escalation.late_report": _("Escalation: reported late"),
    "escalation.late_report_overdue": _("Escalation: late-report follow-up overdue"),
    "escalation.deviation": _("Escalation: a deviation made the trip stricter"),
    "escalation.resolved": _("Escalation resolved"),
    "policy.texts_refreshed": _("Texts of a shipped policy version refreshed"),
    "directive.policy": _("Directive: new policy version"),
    "directive.advisory": _("Directive: advisory"),
    "directive.cancel_trip": _("Directive: instruction to cancel a trip"),
    "directive.hold_person": _("Directive: hold on a person's travel"),
    "notification.retry": _("Notification sent again"),
    "checkin.location_reduced": _("Check-in reduced to its country (retention)"),
    "debrief.anonymised": _("Debrief anonymised (retention)"),
    "admin.read": _("Read in the admin"),
    "admin.added": _("Added in the admin"),
    "admin.changed": _("Changed in the admin"),
    "admin.deleted": _("Deleted in the admin"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
