"""An officer's register sorted by risk: the contacts to look at first come first.

The order, most telling first (each a tie-breaker for the one before):

1. open screening hits: the contact's names matched a restricted-party list and no officer
   dismissed the match;
2. correlation alerts raised for the contact (seen by many travellers, or often);
3. distinct travellers who reported it;
4. sightings within the window of the organisation's pack (`correlation.window_days`, ending on
   the organisation's today);
5. sightings from contact reports of the categories that speak of an approach: an offer, a
   request to carry something, questioning or pressure, unusual interest in one's work;
6. the latest sighting, the most recent first; then the newest contact.

It lives with screening because its first key counts open hits, and screening sits above the
register in the layers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from sojourn.contacts.models import Contact, ContactCategory, Sighting
from sojourn.people.models import Organisation
from sojourn.people.today import today_of
from sojourn.screening.models import Hit
from sojourn.screening.screen import undismissed
from sojourn.trips.in_force import store

APPROACHES = (
    ContactCategory.OFFER,
    ContactCategory.CARRY_REQUEST,
    ContactCategory.QUESTIONED,
    ContactCategory.UNUSUAL_INTEREST,
)


@dataclass(frozen=True)
class Risk:
    contact: Contact
    hits: int
    alerts: int
    travellers: int
    recent: int
    approaches: int
    last_seen: datetime.date | None

    @property
    def key(self) -> tuple[int, int, int, int, int, int, int]:
        last = self.last_seen.toordinal() if self.last_seen else 0
        return (
            -self.hits,
            -self.alerts,
            -self.travellers,
            -self.recent,
            -self.approaches,
            -last,
            -self.contact.pk,
        )


def _since(organisation: Organisation, now: datetime.datetime) -> datetime.date:
    rule = store().pack_in_force(organisation, now).correlation
    return today_of(organisation, now) - datetime.timedelta(days=rule.window_days)


def _open_hits(contact_ids: list[int]) -> dict[int, int]:
    hits = Hit.objects.filter(contact_id__in=contact_ids).select_related(
        "entry__snapshot__screening_list"
    )
    found: dict[int, int] = {}
    for hit in undismissed(hits):
        if hit.contact_id is not None:
            found[hit.contact_id] = found.get(hit.contact_id, 0) + 1
    return found


def _alerts(contact_ids: list[int]) -> dict[int, int]:
    rows = (
        Contact.objects.filter(pk__in=contact_ids)
        .annotate(n=Count("alerts", distinct=True))
        .values_list("pk", "n")
    )
    return dict(rows)


def by_risk(organisation: Organisation, *, now: datetime.datetime) -> list[Risk]:
    """Every current contact of the register, the riskiest first (the order above)."""
    since = _since(organisation, now)
    seen = (
        Sighting.objects.filter(contact__organisation=organisation, contact__merged_into=None)
        .values("contact_id")
        .annotate(
            travellers=Count("reporter", distinct=True),
            recent=Count("id", filter=Q(occurred_on__gte=since)),
            approaches=Count("id", filter=Q(contact_report__category__in=APPROACHES)),
            last_seen=Max("occurred_on"),
        )
    )
    counts = {row["contact_id"]: row for row in seen}
    contacts = list(Contact.objects.current().filter(organisation=organisation))
    ids = [contact.pk for contact in contacts]
    hits, alerts = _open_hits(ids), _alerts(ids)
    risks = [_risk(contact, counts.get(contact.pk, {}), hits, alerts) for contact in contacts]
    return sorted(risks, key=lambda risk: risk.key)


def _risk(
    contact: Contact, row: dict[str, object], hits: dict[int, int], alerts: dict[int, int]
) -> Risk:
    def number(name: str) -> int:
        value = row.get(name, 0)
        return value if isinstance(value, int) else 0

    last = row.get("last_seen")
    return Risk(
        contact=contact,
        hits=hits.get(contact.pk, 0),
        alerts=alerts.get(contact.pk, 0),
        travellers=number("travellers"),
        recent=number("recent"),
        approaches=number("approaches"),
        last_seen=last if isinstance(last, datetime.date) else None,
    )
