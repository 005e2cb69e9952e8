"""A pack may set how long its regime keeps personal data: optional keys, checked strictly."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from sojourn.policy import PackError, load_pack
from sojourn.policy.pack import Retention
from sojourn.policy.tests.test_pack_validation import VALID


def loaded(retention: Any) -> Any:
    document = copy.deepcopy(VALID)
    document["retention"] = retention
    return load_pack(yaml.safe_dump(document, sort_keys=False))


def problems(retention: Any) -> list[tuple[str, str]]:
    with pytest.raises(PackError) as caught:
        loaded(retention)
    return [(problem.path, problem.message) for problem in caught.value.problems]


def test_a_pack_without_retention_follows_the_settings() -> None:
    assert load_pack(yaml.safe_dump(VALID)).retention == Retention()


def test_a_pack_sets_each_period() -> None:
    pack = loaded({"checkin_location_days": 30, "notification_days": 14, "debrief_years": 5})

    assert pack.retention == Retention(30, 14, 5)


def test_a_pack_may_set_one_period_only() -> None:
    assert loaded({"debrief_years": 25}).retention == Retention(debrief_years=25)


@pytest.mark.parametrize(
    ("retention", "path", "message"),
    [
        (
            {"debrief_years": "ten"},
            "retention.debrief_years",
            "expected a whole number of years from 1 to 100, got 'ten'",
        ),
        (
            {"checkin_location_days": 0},
            "retention.checkin_location_days",
            "expected a whole number of days from 1 to 3650, got 0",
        ),
        (
            {"notification_days": 5000},
            "retention.notification_days",
            "expected a whole number of days from 1 to 3650, got 5000",
        ),
        (
            {"debrief_yeras": 5},
            "retention.debrief_yeras",
            "unknown key 'debrief_yeras'; expected one of: checkin_location_days, "
            "notification_days, debrief_years, debrief_disposition",
        ),
        (
            {"debrief_disposition": "burn"},
            "retention.debrief_disposition",
            "expected anonymise or archive, got 'burn'",
        ),
    ],
)
def test_a_bad_period_is_refused_naming_its_path(retention, path, message) -> None:
    assert problems(retention) == [(path, message)]
