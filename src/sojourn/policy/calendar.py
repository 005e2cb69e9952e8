"""Deadlines in calendar days or business days.

Business days skip the weekend of `country` and its public holidays, both from the `holidays`
package (a country it does not know gets a Saturday–Sunday weekend and no holidays). A business-day
deadline therefore never lands on a weekend or a holiday. Make-up working days that some countries
schedule on a weekend (China's 调休) are still treated as weekend days: a deadline is never set on
a Saturday or Sunday, which errs on the side of the traveller.
"""

from __future__ import annotations

import datetime
from functools import cache, lru_cache

import holidays

_ONE_DAY = datetime.timedelta(days=1)
_DEFAULT_WEEKEND = frozenset({5, 6})


@cache
def weekend(country: str) -> frozenset[int]:
    """Weekday numbers (Monday = 0) of the weekend in `country`."""
    try:
        return frozenset(holidays.country_holidays(country).weekend)
    except NotImplementedError:
        return _DEFAULT_WEEKEND


@cache
def public_holidays(country: str, year: int) -> frozenset[datetime.date]:
    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:
        return frozenset()


def is_business_day(day: datetime.date, country: str) -> bool:
    return day.weekday() not in weekend(country) and day not in public_holidays(country, day.year)


def add_days(start: datetime.date, n: int, *, business: bool, country: str) -> datetime.date:
    """`n` days after `start`; with `business`, the n-th business day after it.

    With `business` and n = 0, a start that is not a business day moves to the next one.
    """
    return _shift(start, n, business=business, country=country, step=_ONE_DAY)


def subtract_days(start: datetime.date, n: int, *, business: bool, country: str) -> datetime.date:
    """`n` days before `start`; with `business`, the n-th business day before it."""
    return _shift(start, n, business=business, country=country, step=-_ONE_DAY)


def _shift(
    start: datetime.date, n: int, *, business: bool, country: str, step: datetime.timedelta
) -> datetime.date:
    if n < 0:
        raise ValueError(f"a number of days cannot be negative, got {n}")
    if not business:
        return start + step * n
    return _business_shift(start, n, country, step)


@lru_cache(maxsize=1 << 16)
def _business_shift(
    start: datetime.date, n: int, country: str, step: datetime.timedelta
) -> datetime.date:
    # Deadlines cluster on a few hundred dates: a cache turns the day-by-day walk into a lookup.
    day = start
    counted = 0
    while counted < n or not is_business_day(day, country):
        day += step
        if is_business_day(day, country):
            counted += 1
    return day
