"""Correlation: a contact seen again and again alerts the officers, and oversight across
organisations, once per threshold crossed.

The thresholds are the register's organisation's pack's `correlation` (distinct travellers,
sightings, window in days); a contact's sightings count within the window ending on the
organisation's today. A cluster whose sightings within the window come from travellers of more
than one organisation alerts oversight (and each organisation's officers). Each alert is a row
whose unique constraint makes it once only, whichever request gets there first.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from sojourn.audit.services import record
from sojourn.contacts import clusters
from sojourn.contacts.models import Contact, CorrelationAlert, Sighting, Threshold
from sojourn.notify.services import notify
from sojourn.people.directory import officers_of, oversight
from sojourn.people.today import today_of
from sojourn.policy.pack import Correlation
from sojourn.trips.in_force import store


def check(contact: Contact, *, now: datetime.datetime) -> list[CorrelationAlert]:
    """The alerts `contact` (and its cluster) newly crossed, raised and notified."""
    rule = store().pack_in_force(contact.organisation, now).correlation
    since = today_of(contact.organisation, now) - datetime.timedelta(days=rule.window_days)
    raised = _contact_alerts(contact, rule, since=since, now=now)
    if contact.cluster_id is not None:
        raised += _cluster_alerts(contact, since=since, now=now)
    return raised


def _contact_alerts(
    contact: Contact, rule: Correlation, *, since: datetime.date, now: datetime.datetime
) -> list[CorrelationAlert]:
    seen = Sighting.objects.filter(contact=contact, occurred_on__gte=since)
    travellers = seen.values("reporter_id").distinct().count()
    counts = {Threshold.TRAVELLERS: travellers, Threshold.SIGHTINGS: seen.count()}
    limits = {Threshold.TRAVELLERS: rule.travellers, Threshold.SIGHTINGS: rule.sightings}
    raised = []
    for threshold, value in counts.items():
        if value >= limits[threshold]:
            alert = _raise(contact, threshold, value, cluster_id=None, now=now)
            if alert is not None:
                notify(
                    officers_of(contact.organisation_id),
                    kind="contact.correlation",
                    params={"contact_id": contact.pk, "threshold": threshold, "value": value},
                    now=now,
                )
                raised.append(alert)
    return raised


def _cluster_alerts(
    contact: Contact, *, since: datetime.date, now: datetime.datetime
) -> list[CorrelationAlert]:
    ids = [member.pk for member in clusters.members(contact)]
    seen = Sighting.objects.filter(contact_id__in=ids, occurred_on__gte=since)
    organisations = sorted(set(seen.values_list("organisation_id", flat=True)))
    if len(organisations) < 2:
        return []
    alert = _raise(
        contact, Threshold.ORGANISATIONS, len(organisations), cluster_id=contact.cluster_id, now=now
    )
    if alert is None:
        return []
    params = {"cluster_id": contact.cluster_id, "value": len(organisations)}
    recipients = oversight() + [u for org in organisations for u in officers_of(org)]
    notify(recipients, kind="contact.cross_organisation", params=params, now=now, urgent=True)
    return [alert]


def _raise(
    contact: Contact,
    threshold: str,
    value: int,
    *,
    cluster_id: int | None,
    now: datetime.datetime,
) -> CorrelationAlert | None:
    """The alert, or None when this threshold was crossed before (by this or another request)."""
    exists = CorrelationAlert.objects.filter(threshold=threshold)
    exists = (
        exists.filter(cluster_id=cluster_id)
        if cluster_id is not None
        else exists.filter(contact=contact, cluster__isnull=True)
    )
    if exists.exists():
        return None
    try:
        with transaction.atomic():
            alert = CorrelationAlert.objects.create(
                contact=contact,
                cluster_id=cluster_id,
                threshold=threshold,
                value=value,
                raised_at=now,
            )
    except IntegrityError:
        return None
    data = {"contact_id": contact.pk, "cluster_id": cluster_id, "threshold": threshold}
    record(actor=None, action="correlation.alerted", obj=alert, at=now, data=data)
    return alert
