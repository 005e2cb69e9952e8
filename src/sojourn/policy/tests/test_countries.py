"""Country codes and names, in English and in the languages the interface speaks."""

from __future__ import annotations

import pytest

from sojourn.policy import country_name, country_problem, is_country


@pytest.mark.parametrize("code", ["FR", "US", "CN", "TW", "HK", "KP", "NO"])
def test_real_codes(code: str) -> None:
    assert is_country(code)
    assert country_problem(code) is None


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("XX", "unknown country code 'XX'"),
        ("UK", "unknown country code 'UK'"),
        ("fr", "write 'FR', not 'fr'"),
        ("FRA", "unknown country code 'FRA'"),
        (None, "expected an ISO 3166-1 alpha-2 country code"),
    ],
)
def test_bad_codes(code: object, problem: str) -> None:
    message = country_problem(code)

    assert message is not None
    assert problem in message


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("KR", "en", "South Korea"),
        ("TW", "en", "Taiwan"),
        ("US", "en", "United States"),
        ("FR", "zh-hans", "法国"),
        ("JP", "zh-hans", "日本"),
        ("KR", "zh-hans", "韩国"),
        ("DE", "fr", "Allemagne"),
        ("XX", "en", "XX"),
    ],
)
def test_names(code: str, language: str, name: str) -> None:
    assert country_name(code, language) == name


def test_an_unknown_language_falls_back_to_english() -> None:
    assert country_name("FR", "tlh") == "France"
