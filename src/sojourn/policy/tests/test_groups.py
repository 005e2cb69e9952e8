"""Built-in country groups: their members, their sources, and how references resolve."""

from __future__ import annotations

import datetime

import pytest

from sojourn.policy import GroupError, builtin_groups, expand_destinations, is_country
from sojourn.policy.groups import Definition, expand, parse_groups_file, resolve_groups

GROUPS = builtin_groups()


def members(name: str) -> frozenset[str]:
    return GROUPS[name].members


def test_sizes() -> None:
    assert len(members("NATO")) == 32
    assert len(members("EU")) == 27
    assert len(members("FIVE_EYES")) == 5
    assert len(members("RIO_TREATY")) == 17
    assert members("QUAD") == {"US", "JP", "AU", "IN"}
    assert members("AUKUS") == {"AU", "GB", "US"}


def test_nato_includes_its_newest_members() -> None:
    assert {"FI", "SE", "MK", "ME", "NO"} <= members("NATO")


def test_us_and_allies() -> None:
    allies = members("US_AND_ALLIES")

    assert {"US", "GB", "JP", "KR", "DE", "FR", "CA", "AU", "NZ", "PH", "TH", "TR"} <= allies
    assert not {"CN", "SG", "IN", "TW", "IL", "MX"} & allies
    assert allies == members("NATO") | members("FIVE_EYES") | {"JP", "KR", "PH", "TH"}


def test_us_treaty_allies_follow_the_current_rio_treaty_parties() -> None:
    allies = members("US_TREATY_ALLIES")

    assert {"AR", "BR", "CL", "CO", "BS", "TT", "PE", "UY", "JP", "KR", "PH", "TH"} <= allies
    assert members("NATO") <= allies
    assert not {"MX", "BO", "EC", "NI", "VE", "CU"} & allies


def test_major_non_nato_allies() -> None:
    mnna = members("US_MNNA")

    assert {"KE", "QA", "CO", "SA", "TW", "IL", "JP", "KR"} <= mnna
    assert "AF" not in mnna
    assert not members("NATO") & mnna


def test_every_code_is_an_iso_code() -> None:
    for group in GROUPS.values():
        assert all(is_country(code) for code in group.members), group.name


def test_every_group_cites_a_source_and_a_date() -> None:
    for group in GROUPS.values():
        assert len(group.source) > 40, group.name
        assert isinstance(group.as_of, datetime.date)
        assert group.title


def test_nested_references_and_exclusions_resolve() -> None:
    definitions = {
        "CORE": Definition(("US", "GB")),
        "WIDER": Definition(("@CORE", "@FIVE_EYES", "JP"), ("NZ",)),
    }

    resolved = resolve_groups(definitions, {"FIVE_EYES": members("FIVE_EYES")})

    assert resolved["WIDER"] == {"US", "GB", "CA", "AU", "JP"}


def test_a_cycle_is_detected() -> None:
    definitions = {
        "A": Definition(("@B",)),
        "B": Definition(("@C", "FR")),
        "C": Definition(("@A",)),
    }

    with pytest.raises(GroupError, match="cycle: A → B → C → A"):
        resolve_groups(definitions)


def test_an_unknown_reference_is_named() -> None:
    with pytest.raises(GroupError, match="unknown group '@MOON'"):
        resolve_groups({"A": Definition(("@MOON",))})


def test_expand_refuses_unknown_codes() -> None:
    assert expand(("@AUKUS", "FR"), {"AUKUS": members("AUKUS")}) == {"AU", "GB", "US", "FR"}
    with pytest.raises(GroupError, match="unknown country code 'ZZ'"):
        expand(("ZZ",), {})


def test_a_groups_file_cycle_is_refused() -> None:
    text = """
groups:
  A: {title: A, members: ["@B"], source: s, as_of: 2026-01-01}
  B: {title: B, members: ["@A"], source: s, as_of: 2026-01-01}
"""
    with pytest.raises(GroupError, match="cycle"):
        parse_groups_file(text)


def test_a_directives_destinations_are_checked_against_the_built_in_groups() -> None:
    assert expand_destinations(["@AUKUS", "SG"]) == {"AU", "GB", "US", "SG"}
    with pytest.raises(GroupError, match="unknown group '@MOON'"):
        expand_destinations(["@MOON"])
