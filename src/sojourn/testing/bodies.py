"""What clients send: the JSON a client POSTs to the API, and what a page's form posts.

Builders (`sojourn.testing.builders`) make the world through the services; these make the
requests a test then sends into it, with the same defaults (Dr. Weber of TU Berlin, in Berlin).
"""

from __future__ import annotations

import datetime
from typing import Any

from sojourn.testing.builders import DAY


def leg_body(
    starts_on: datetime.date, *, days: int = 4, country: str = "DE", **extra: Any
) -> dict[str, Any]:
    """One leg of `days` days from `starts_on` (in Berlin when the country is Germany)."""
    return {
        "country": country,
        "city": "Berlin" if country == "DE" else "",
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + days * DAY).isoformat(),
        **extra,
    }


def trip_body(
    now: datetime.datetime,
    *,
    title: str = "Workshop in Berlin",
    country: str = "DE",
    starts_in_days: int = 30,
    days: int = 4,
    **extra: Any,
) -> dict[str, Any]:
    """What a client POSTs to /trips (and /assess): one leg, one planned meeting."""
    starts_on = now.date() + starts_in_days * DAY
    return {
        "title": title,
        "purpose": "academic",
        "legs": [leg_body(starts_on, days=days, country=country)],
        "meetings": [
            {"counterpart": "Dr. Weber", "organisation": "TU Berlin", "topics": "robot learning"}
        ],
        **extra,
    }


def debrief_post(
    version: int,
    *,
    action: str = "save",
    summary: str = "",
    materials: str = "",
    no_meetings: bool = False,
    meetings: list[dict[str, str]] | None = None,
    incidents: list[dict[str, str]] | None = None,
    **extra: str,
) -> dict[str, str]:
    """What the debrief page's form posts, rows numbered as Django formsets number them."""
    data = {
        "action": action,
        "summary": summary,
        "materials": materials,
        "version": str(version),
        **extra,
    }
    if no_meetings:
        data["no_meetings"] = "on"
    for prefix, rows in (("meetings", meetings or []), ("incidents", incidents or [])):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data
