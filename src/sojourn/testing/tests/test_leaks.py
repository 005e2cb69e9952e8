"""The guard against committed rows left behind compares counts table by table."""

from __future__ import annotations

from sojourn.testing.leaks import grown


def test_a_table_with_more_rows_than_at_the_start_is_named_with_both_counts() -> None:
    baseline = {"trips_trip": 0, "retention_sweep": 1}

    assert grown(baseline, {"trips_trip": 3, "retention_sweep": 1}) == {"trips_trip": (0, 3)}


def test_a_table_the_baseline_did_not_know_counts_from_zero() -> None:
    assert grown({}, {"contacts_contact": 2}) == {"contacts_contact": (0, 2)}


def test_fewer_rows_than_at_the_start_are_no_leak() -> None:
    """A flush empties the rows the migrations made (the retention sweep's row)."""
    assert grown({"retention_sweep": 1}, {"retention_sweep": 0}) == {}
