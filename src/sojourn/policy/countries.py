"""ISO 3166-1 alpha-2 country codes (pycountry) and their names, in English or localised."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

ALL_CODES: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)

# Our language codes (Django's) to the gettext locale names pycountry ships.
_LOCALES = {"zh-hans": "zh_CN", "zh-hant": "zh_TW", "pt-br": "pt_BR"}


def is_country(code: str) -> bool:
    return code in ALL_CODES


def country_problem(code: object) -> str | None:
    """Why `code` is not a country code, in words a person can act on; None when it is one."""
    if not isinstance(code, str):
        return f"expected an ISO 3166-1 alpha-2 country code such as 'FR', got {code!r}"
    if code in ALL_CODES:
        return None
    if code.upper() in ALL_CODES:
        return f"country codes are upper case: write '{code.upper()}', not '{code}'"
    return f"unknown country code '{code}'; expected an ISO 3166-1 alpha-2 code such as 'FR'"


@cache
def country_name(code: str, language: str = "en") -> str:
    """The short name people use ("South Korea", "Taiwan"), translated when a catalogue exists.

    Unknown codes come back unchanged: a name is for display, never a validation step.
    """
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    common: str | None = getattr(country, "common_name", None)
    name: str = country.name
    if language.lower().startswith("en"):
        return common or name
    catalogue = _catalogue(language.lower())
    if common:
        translated = catalogue.gettext(common)
        if translated != common:
            return translated
    return catalogue.gettext(name)


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    locale = _LOCALES.get(language, language.replace("-", "_"))
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
    )


def describe(code: str) -> str:
    """'France (FR)': how messages name a country, so the code a policy uses stays visible."""
    return f"{country_name(code)} ({code})"
