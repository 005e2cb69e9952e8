"""The engine judges only what it can: trips it is given are checked, naming the field."""

from __future__ import annotations

import pytest

from sojourn.policy import InputError, assess, shipped_pack
from sojourn.policy.tests.builders import leg, trip


def test_the_engine_refuses_an_unknown_country_rather_than_finding_no_tier() -> None:
    with pytest.raises(InputError) as caught:
        assess(
            shipped_pack("seed-sensitive-tech"),
            trip(leg("SG", "2026-06-01"), leg("QQ", "2026-06-02")),
        )

    assert caught.value.field == "legs[1].country"


def test_the_engine_refuses_a_trip_without_legs() -> None:
    with pytest.raises(InputError) as caught:
        assess(shipped_pack("seed-sensitive-tech"), trip())

    assert caught.value.field == "legs"


def test_the_engine_refuses_a_leg_ending_before_it_starts() -> None:
    with pytest.raises(InputError) as caught:
        assess(shipped_pack("seed-sensitive-tech"), trip(leg("FR", "2026-06-10", "2026-06-01")))

    assert caught.value.field == "legs[0].ends_on"
