"""One-tap check-in links in the reminder email: "I am safe" and "I need help".

Each link is a `CheckInLink` row; its URL carries a token signed for this purpose alone that
names the row and its trip. The token is the credential: whoever holds it may record that one
check-in for the trip's traveller, once, until the link expires. Each link of a pair works on
its own: "I need help" after "I am safe" may well be true, so using one does not void the other.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.urls import reverse

from sojourn.audit import services as audit
from sojourn.care.models import CheckIn, CheckInLink, CheckInStatus
from sojourn.care.services import check_in
from sojourn.conf.addresses import base_url
from sojourn.notify.links import Link
from sojourn.notify.texts import Params
from sojourn.trips import edges
from sojourn.trips.models import Trip

log = logging.getLogger(__name__)

SALT = "sojourn.care.checkin-link"
# However long the check-in interval, a link in a mailbox stops working after two days.
MAX_LIFETIME = datetime.timedelta(hours=48)


class Refused(Exception):
    """The link cannot be used; `reason` names why and `status` is the page's HTTP status."""

    STATUS = {"invalid": 400, "expired": 410, "used": 410, "over": 410}

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = self.STATUS[reason]


@dataclass(frozen=True)
class Pair:
    ok: CheckInLink
    need_help: CheckInLink


def issue(trip: Trip, *, now: datetime.datetime, until: datetime.datetime) -> Pair:
    """The two links of one reminder, good until `until` (never beyond MAX_LIFETIME)."""
    [pair] = issue_many([(trip, until)], now=now)
    return pair


def issue_many(
    wanted: Sequence[tuple[Trip, datetime.datetime]], *, now: datetime.datetime
) -> list[Pair]:
    """The links of many reminders in one insert, a pair for each (trip, until) in order."""
    links = CheckInLink.objects.bulk_create(
        CheckInLink(
            trip=trip, intent=intent, created_at=now, expires_at=min(until, now + MAX_LIFETIME)
        )
        for trip, until in wanted
        for intent in (CheckInStatus.OK, CheckInStatus.NEED_HELP)
    )
    return [Pair(ok=links[i], need_help=links[i + 1]) for i in range(0, len(links), 2)]


def token_for(link: CheckInLink) -> str:
    return signing.dumps([link.pk, link.trip_id], salt=SALT)


def url_for(link: CheckInLink) -> str:
    return url_of(link.pk, link.trip_id)


def find(token: str) -> CheckInLink:
    """The link the token names; Refused("invalid") if unsigned, tampered or naming nothing."""
    try:
        link_id, trip_id = signing.loads(token, salt=SALT)
        link = (
            CheckInLink.objects.select_related("trip__traveller__person")
            .filter(pk=int(link_id), trip_id=int(trip_id))
            .first()
        )
    except (signing.BadSignature, ValueError, TypeError) as error:
        log.info("check-in link refused: %s", type(error).__name__)
        raise Refused("invalid") from None
    if link is None:
        log.info("check-in link refused: signed, but link %s of trip %s is gone", link_id, trip_id)
        raise Refused("invalid")
    return link


def check(link: CheckInLink, *, now: datetime.datetime) -> None:
    """Refused unless the link may be used at `now`; `use` checks again as it claims it."""
    if link.used_at is not None:
        reason = "used"
    elif link.expires_at <= now:
        reason = "expired"
    elif not edges.allows("check_in", link.trip.status):
        reason = "over"
    else:
        return
    log.info("check-in link %s refused: %s", link.pk, reason)
    raise Refused(reason)


@transaction.atomic
def use(link: CheckInLink, *, now: datetime.datetime, city: str = "", note: str = "") -> CheckIn:
    """Record the link's check-in as the traveller's own tap, if the link is still unused.

    The claim is a conditional UPDATE that must change this one row: of two taps at once, only
    one records. A check-in the service refuses rolls the claim back with it.
    """
    check(link, now=now)
    claimed = CheckInLink.objects.filter(
        pk=link.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if claimed != 1:
        log.info("check-in link %s refused: used by a request at the same moment", link.pk)
        raise Refused("used")
    trip = link.trip
    checkin = check_in(
        trip, actor=trip.traveller, status=link.intent, now=now, city=city, note=note
    )
    CheckInLink.objects.filter(pk=link.pk).update(used_by_checkin=checkin)
    link.used_at, link.used_by_checkin = now, checkin
    audit.record(
        actor=trip.traveller,
        action="checkin_link.used",
        obj=link,
        at=now,
        data={
            "link_id": link.pk,
            "trip_id": trip.pk,
            "intent": link.intent,
            "checkin_id": checkin.pk,
        },
    )
    return checkin


def reminder(trip: Trip, *, pair: Pair) -> Params:
    """What the check-in reminder is worded from (notify/texts/reminder.checkin.txt): the due
    time and its two links, issued by the worker once their Reminder rows have claimed their due
    times."""
    return {
        "time": _hhmm(trip.checkin_due_at),
        # Built when the email is sent (sojourn.notify.links): the outbox keeps no live link.
        "url": Link(LINK_NAME, (pair.ok.pk, pair.ok.trip_id)),
        "help_url": Link(LINK_NAME, (pair.need_help.pk, pair.need_help.trip_id)),
        "expires": _hhmm(pair.ok.expires_at),
    }


LINK_NAME = "checkin"


def url_of(link_id: int, trip_id: int) -> str:
    """A link's address from its ids alone (no query): what delivery builds into the email."""
    token = signing.dumps([link_id, trip_id], salt=SALT)
    return base_url() + reverse("checkin-link", args=[token])


def _hhmm(moment: datetime.datetime | None) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M") if moment else "—"
