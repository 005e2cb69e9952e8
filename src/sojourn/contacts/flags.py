"""The register's own flag: a correlation alert raised on the contact."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sojourn.contacts import page_parts
from sojourn.contacts.models import Contact, CorrelationAlert


def alerted(contacts: QuerySet[Contact]) -> set[int]:
    rows = CorrelationAlert.objects.filter(contact__in=contacts.values("pk"))
    return set(rows.values_list("contact_id", flat=True))


def register() -> None:
    page_parts.add_flag("correlation_alert", _("Correlation alert"), alerted)
