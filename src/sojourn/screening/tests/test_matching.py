"""Matching names against list entries: every alias, any script, and no all-pairs scan."""

from __future__ import annotations

import datetime

import pytest

from sojourn.names import Kind
from sojourn.screening.matching import Listed, Screener

AS_OF = datetime.date(2026, 3, 1)


def entry(pk: int, name: str, *aliases: str, kind: str = "person", threshold: int = 90) -> Listed:
    return Listed(pk, "fictional", f"FX-{pk}", name, aliases, kind, threshold, AS_OF, "f")


LIN = entry(3, "Lin Meihua", "林美华", "May Lin")
KESTREL = entry(4, "Kestrel Photonics Trading Company", "Kestrel Trading", kind="organisation")


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("Mei-Hua Lin", "Lin Meihua"),
        ("LIN, Meihua", "Lin Meihua"),
        ("Dr. Meihua Lin", "Lin Meihua"),
        ("林美华", "Lin Meihua"),  # the same once read in pinyin: the primary name is named
        ("MAY LIN", "May Lin"),
    ],
)
def test_a_person_matches_by_name_or_alias_in_any_order_case_or_script(text, alias):
    [found] = Screener([LIN, KESTREL]).screen(text, Kind.PERSON)

    assert (found.entry, found.alias, found.score) == (LIN, alias, 100.0)


def test_an_organisation_matches_its_alias_and_its_legal_form_aside():
    screener = Screener([LIN, KESTREL])

    assert [f.entry for f in screener.screen("Kestrel Trading Ltd.", Kind.ORGANISATION)] == [
        KESTREL
    ]
    assert screener.screen("Kestrel Trading", Kind.PERSON) == []


def test_an_entry_of_unknown_kind_is_screened_as_a_person_and_as_an_organisation():
    unknown = entry(9, "Northwind Dual-Use Institute", "Lin Meihua", kind="other")
    screener = Screener([unknown])

    assert screener.screen("Northwind Dual-Use Institute", Kind.ORGANISATION)[0].entry == unknown
    assert screener.screen("Meihua Lin", Kind.PERSON)[0].entry == unknown


def test_each_list_has_its_own_threshold():
    strict = entry(5, "Lin Meihua", threshold=100)
    loose = entry(6, "Lin Meihua", threshold=80)

    found = Screener([strict, loose]).screen("Lin Mei", Kind.PERSON)  # scores 88

    assert [f.entry for f in found] == [loose]


def test_nothing_below_the_threshold_and_nothing_for_a_blank_name():
    screener = Screener([LIN, KESTREL])

    assert screener.screen("Dr. Weber", Kind.PERSON) == []
    assert screener.screen("  ", Kind.PERSON) == []
    assert Screener([]).screen("Lin Meihua", Kind.PERSON) == []


def test_a_name_is_compared_only_with_the_names_sharing_a_blocking_key(monkeypatch):
    crowd = [entry(100 + n, f"Person{n:05d} Surname{n:05d}") for n in range(3000)]
    screener = Screener([*crowd, LIN])
    compared: list[object] = []
    from sojourn.names import score as real

    def counting(a, b, kind=Kind.PERSON):
        compared.append(b)
        return real(a, b, kind)

    monkeypatch.setattr("sojourn.names.index.score", counting)

    assert [f.entry for f in screener.screen("Meihua Lin", Kind.PERSON)] == [LIN]
    assert len(compared) < 10
