"""What several console pages share: pagination by page number (the long lists page by keyset:
sojourn.facekit.keyset) and destinations named in the reader's language. (A traveller's compliance
record is the domain's: sojourn.care.compliance.)"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sojourn.policy import country_name
from sojourn.trips.models import Trip, TripStatus

S = TripStatus
PAGE_SIZE = 25


T = TypeVar("T")


def paginate(items: Sequence[T] | QuerySet[Any, T], number: str | None) -> Page[T]:
    """The page asked for; a number out of range or not a number gives the nearest page."""
    page: Page[T] = Paginator(items, PAGE_SIZE).get_page(number)
    return page


def destinations(trip: Trip, language: str) -> list[str]:
    """The trip's countries in the reader's language, in itinerary order, transits marked.
    Reads the prefetched legs."""
    names: list[str] = []
    for leg in trip.legs.all():
        name = country_name(leg.country, language)
        if leg.transit:
            name = _("%(country)s (transit)") % {"country": name}
        if name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class TripLine:
    """A trip with its destinations named, for any list of trips."""

    trip: Trip
    destinations: list[str]


def trip_lines(trips: Iterable[Trip], language: str) -> list[TripLine]:
    return [TripLine(trip, destinations(trip, language)) for trip in trips]
