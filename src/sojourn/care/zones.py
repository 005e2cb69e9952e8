"""Local dates: a trip begins on its first leg's start date where that leg is, and ends after
its last leg's end date there; the organisation's time zone stands in where the place's is not
known."""

from __future__ import annotations

import datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    """ISO code → IANA zones, from the tz database's own table (the tzdata package)."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    zones: dict[str, list[str]] = {}
    for line in table.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _coordinates, zone, *_comment = line.split("\t")
        zones.setdefault(code, []).append(zone)
    return {code: tuple(names) for code, names in zones.items()}


@cache
def zone_for(country: str, city: str = "", fallback: str = "UTC") -> ZoneInfo:
    """The zone of a city when the tz database names it (Los Angeles), else the country's first
    zone (its most populous, by the table's convention), else `fallback`."""
    zones = _zones_by_country().get(country.upper(), ())
    wanted = city.strip().replace(" ", "_").lower()
    for zone in zones:
        if wanted and zone.rsplit("/", 1)[-1].lower() == wanted:
            return ZoneInfo(zone)
    return ZoneInfo(zones[0] if zones else fallback)


def local_date(now: datetime.datetime, zone: ZoneInfo) -> datetime.date:
    return now.astimezone(zone).date()
