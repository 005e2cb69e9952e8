"""The models the Django admin may only read, and only with an audit event.

One list for the whole deployment (`sojourn.audit.admin_site` reads it): what a debrief says, where
a traveller checked in from, what a notification carried (live check-in links), the audit trail
itself, and every credential (sessions, tokens, calendar secrets, second factors, idempotency
records that replay answers). Named by label, since the audit trail sits below the apps that
define them. A model that holds such data enters this list in the change that adds it.
"""

from __future__ import annotations

from django.db import models

SENSITIVE_MODELS: frozenset[str] = frozenset(
    {
        # What travellers report and officers review.
        "debriefs.debrief",
        "debriefs.debriefmeeting",
        "debriefs.incident",
        "trips.plannedmeeting",
        # The contact register: whom travellers met, and what they said of them.
        "contacts.contact",
        "contacts.alias",
        "contacts.identifier",
        "contacts.sighting",
        "contacts.contactreport",
        "contacts.correlationalert",
        # Whom screening found on a list, and why an officer set it aside.
        "screening.hit",
        "screening.dismissal",
        # Where a traveller is, and how to reach them.
        "care.checkin",
        "care.checkinlink",
        "care.deviation",
        "care.escalation",
        "notify.notification",
        "notify.deliveryattempt",
        # The record of who did what.
        "audit.auditevent",
        "audit.auditchainhead",
        "admin.logentry",
        # Credentials and what replays answers.
        "sessions.session",
        "security.usersession",
        "security.accesstoken",
        "security.feedsecret",
        "api.idempotencyrecord",
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
        "otp_static.statictoken",
    }
)


def is_sensitive(model: type[models.Model]) -> bool:
    return model._meta.label_lower in SENSITIVE_MODELS
