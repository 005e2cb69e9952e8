"""The retention pass: every purge that is due, in the worker's pass and `sojourn purge`.

Each kind of data found past its period is one `Purge` row (what, how many, whose) and one
`retention.purged` audit event carrying the same counts, never a value.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from sojourn.audit import services as audit
from sojourn.conf.jobs import Stop
from sojourn.people.models import Organisation
from sojourn.retention import contacts, places, purges, registry
from sojourn.retention.models import Kind, Purge, Sweep
from sojourn.retention.periods import Periods, periods_of
from sojourn.retention.sessions import expired_sessions

OrganisationPurge = Callable[..., places.Counts]

OF_ORGANISATIONS: tuple[OrganisationPurge, ...] = (
    places.locations,
    purges.notifications,
    purges.debriefs,
    contacts.contacts,
)


@dataclass(frozen=True)
class Found:
    what: str
    count: int
    organisation: Organisation | None = None


def run(now: datetime.datetime, *, apply: bool, stop: Stop | None = None) -> list[Found]:
    """Every purge due at `now`: done when `apply`, else only counted. Kinds with nothing to
    purge are left out."""
    found: list[Found] = []
    for organisation in Organisation.objects.order_by("pk"):
        if stop is not None and stop():
            return found
        periods = periods_of(organisation, now)
        with transaction.atomic():
            done = _organisation(organisation, periods, now=now, apply=apply)
            if apply:
                _audit(done, now=now)
        found += done
    with transaction.atomic():
        done = [
            Found(str(Kind.SESSIONS), expired_sessions(now, apply)),
            *(Found(kind, purge(now, apply)) for kind, purge in registry.registered()),
        ]
        done = [item for item in done if item.count]
        if apply:
            _audit(done, now=now)
    return found + done


def _organisation(
    organisation: Organisation, periods: Periods, *, now: datetime.datetime, apply: bool
) -> list[Found]:
    counts = [
        Found(kind, count, organisation)
        for purge in OF_ORGANISATIONS
        for kind, count in purge(organisation, periods, now=now, apply=apply).items()
    ]
    return [item for item in counts if item.count]


def _audit(done: list[Found], *, now: datetime.datetime) -> None:
    rows = Purge.objects.bulk_create(
        Purge(at=now, what=item.what, count=item.count, organisation=item.organisation)
        for item in done
    )
    audit.record_many(
        [
            audit.Entry(
                actor=None,
                action="retention.purged",
                obj=row,
                data={"what": row.what, "count": row.count, "organisation_id": row.organisation_id},
            )
            for row in rows
        ],
        at=now,
    )


def purge_due(now: datetime.datetime, stop: Stop) -> int:
    """The worker's job, at most every SOJOURN_RETENTION_SWEEP_MINUTES: returns the rows
    purged (0 when the last sweep is more recent, or another worker claimed this one)."""
    if not claim_sweep(now):
        return 0
    return sum(item.count for item in run(now, apply=True, stop=stop))


def claim_sweep(now: datetime.datetime) -> bool:
    """True when this pass is the one to sweep: the last sweep is older than the interval (or
    none has run), claimed by one conditional UPDATE so two workers never both sweep. The row is
    made by a migration; a database emptied since gets it back here, and that pass sweeps."""
    due = now - datetime.timedelta(minutes=settings.SOJOURN_RETENTION_SWEEP_MINUTES)
    claimed = (
        Sweep.objects.filter(id=1)
        # A sweep dated after `now`: the clock was set back; sweep rather than wait for it.
        .filter(Q(swept_at__isnull=True) | Q(swept_at__lte=due) | Q(swept_at__gt=now))
        .update(swept_at=now)
    )
    if claimed:
        return True
    _sweep, created = Sweep.objects.get_or_create(id=1, defaults={"swept_at": now})
    return created
