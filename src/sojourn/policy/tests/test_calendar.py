"""Business days: weekends and public holidays of the country whose calendar counts."""

from __future__ import annotations

import pytest

from sojourn.policy import add_days, subtract_days
from sojourn.policy.tests.builders import day


@pytest.mark.parametrize(
    ("start", "n", "business", "country", "expected"),
    [
        ("2026-09-30", 5, True, "CN", "2026-10-14"),  # National Day week, then the weekend
        ("2026-04-30", 5, True, "CN", "2026-05-12"),  # Labour Day holidays
        ("2026-05-22", 5, True, "US", "2026-06-01"),  # Memorial Day
        ("2026-12-23", 2, True, "GB", "2026-12-29"),  # Christmas Day and Boxing Day (observed)
        ("2026-06-04", 1, True, "IL", "2026-06-07"),  # Friday and Saturday are the weekend
        ("2026-09-30", 5, False, "CN", "2026-10-05"),  # calendar days ignore holidays
        ("2026-10-03", 0, True, "CN", "2026-10-08"),  # zero days from a holiday: next working day
        ("2026-10-08", 0, True, "CN", "2026-10-08"),
        ("2026-06-01", 1, True, "AQ", "2026-06-02"),  # no holiday calendar: weekends only
    ],
)
def test_add_days(start: str, n: int, business: bool, country: str, expected: str) -> None:
    assert add_days(day(start), n, business=business, country=country) == day(expected)


@pytest.mark.parametrize(
    ("start", "n", "business", "country", "expected"),
    [
        ("2026-10-09", 3, True, "CN", "2026-09-29"),  # Oct 8, then back over National Day
        ("2026-05-11", 30, False, "CN", "2026-04-11"),
        ("2026-01-02", 1, True, "US", "2025-12-31"),  # over New Year's Day
    ],
)
def test_subtract_days(start: str, n: int, business: bool, country: str, expected: str) -> None:
    assert subtract_days(day(start), n, business=business, country=country) == day(expected)


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        add_days(day("2026-01-01"), -1, business=True, country="CN")
