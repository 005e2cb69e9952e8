"""What several console pages share: pagination by page number (the long lists page by keyset:
sojourn.facekit.keyset) and destinations named in the reader's language. (A traveller's compliance
record is the domain's: sojourn.care.compliance.)

A numbered page of a queryset reads its ids first (`rows_of`): an OFFSET deep into a list then
walks the order's index past the earlier ids alone, instead of building every earlier row with
its joins and per-row subqueries, as a plain OFFSET does, only to skip it."""

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


def rows_of(items: QuerySet[Any, T], start: int, stop: int) -> list[T]:
    """Rows `start` to `stop` of `items`, in its order, in one statement: the slice's ids (an
    OFFSET over the ids alone, in a subquery) and then those rows whole, with the joins,
    annotations and prefetches of `items`."""
    ids = items.values("pk").prefetch_related(None)[start:stop]
    return list(items.filter(pk__in=ids))


class IdsFirstPaginator(Paginator[T]):
    """Django's paginator, whose page of a queryset is read by `rows_of`."""

    def page(self, number: int | str) -> Page[T]:
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(rows_of(self.object_list, bottom, top), number, self)


def paginate(items: Sequence[T] | QuerySet[Any, T], number: str | None) -> Page[T]:
    """The page asked for; a number out of range or not a number gives the nearest page."""
    page: Page[T] = IdsFirstPaginator(items, PAGE_SIZE).get_page(number)
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
