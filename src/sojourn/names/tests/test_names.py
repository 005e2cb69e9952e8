"""Names read and compared across order, case, punctuation, titles, initials, scripts."""

from __future__ import annotations

import pytest

from sojourn.names import Kind, NameIndex, blocking_keys, normalise, parse, score

ZHANG_WEI = ["Zhang Wei", "Wei Zhang", "ZHANG, Wei", "Dr. W. Zhang", "Zhāng Wěi", "张伟"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zhang Wei", "zhang wei"),
        ("ZHANG, Wei", "wei zhang"),  # surname, given: read given first
        ("Dr. W. Zhang", "w zhang"),  # title and punctuation gone, the initial kept
        ("Prof. Zhāng Wěi, PhD", "zhang wei"),  # titles before and degrees after
        ("Zhāng Wěi", "zhang wei"),
        ("张伟", "zhang wei"),
        ("张伟博士", "zhang wei"),  # a Chinese title after the name
        ("张晓明", "zhang xiaoming"),  # the given name is one token, as on a passport
        ("欧阳娜娜", "ouyang nana"),  # a two-character surname
        ("单雄信", "shan xiongxin"),  # a surname's own reading
        ("吕布", "lu bu"),
        ("Владимир Путин", "vladimir putin"),
        ("Jean-Pierre O'Brien", "jeanpierre obrien"),
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_titles_alone_are_kept_rather_than_leaving_no_name() -> None:
    assert normalise("Dr.") == "dr"


def test_organisation_names_drop_legal_forms_and_expand_abbreviations() -> None:
    assert normalise("Harbin Inst. of Tech. Co., Ltd.", Kind.ORGANISATION) == (
        "harbin institute technology"
    )
    assert normalise("华为技术有限公司", Kind.ORGANISATION) == "huaweijishu"


@pytest.mark.parametrize("other", ZHANG_WEI[1:])
def test_every_writing_of_zhang_wei_is_a_candidate_for_the_first(other: str) -> None:
    assert score("Zhang Wei", other) >= 90


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("Zhang Wei", "Wei Zhang", 100, 100),
        ("Dr. W. Zhang", "Zhang Wei", 90, 95),  # an initial is likelier, not certain
        ("Zhagn Wei", "Zhang Wei", 90, 99),  # a typo costs little
        ("Zhang Xiao Ming", "张晓明", 100, 100),  # given name in one word or two
        ("Wei Ming Zhang", "Zhang Wei", 85, 90),  # a middle name the other lacks
        ("Zhang Wei", "Zhang Wen", 0, 84),  # a different person
        ("Zhang", "Zhang Wei", 0, 70),  # a surname alone identifies nobody
        ("Li Wei", "Wei Zhang", 0, 0),
        ("W. Z.", "Wei Zhang", 0, 0),  # initials alone identify nobody
        ("", "Wei Zhang", 0, 0),
    ],
)
def test_score(a: str, b: str, low: float, high: float) -> None:
    assert low <= score(a, b) <= high
    assert score(a, b) == score(b, a)


def test_organisation_score_knows_acronyms_and_abbreviations() -> None:
    org = Kind.ORGANISATION
    assert score("Harbin Institute of Technology", "HIT", org) == 90
    assert score("Harbin Inst. of Tech.", "Harbin Institute of Technology", org) == 100
    assert score("Zhiyuan AI Lab", "Kunpeng Robotics", org) < 50


@pytest.mark.parametrize("other", ZHANG_WEI[1:])
def test_names_that_may_match_share_a_blocking_key(other: str) -> None:
    assert blocking_keys(parse("Zhang Wei")) & blocking_keys(parse(other))


def test_a_typo_in_one_token_still_shares_a_key() -> None:
    assert blocking_keys(parse("Zhagn Wei")) & blocking_keys(parse("Zhang Wei"))


def test_index_finds_matches_without_comparing_unrelated_names() -> None:
    index: NameIndex[int] = NameIndex()
    index.add(1, parse("Zhang Wei"))
    index.add(1, parse("张伟"))
    index.add(2, parse("Zhang Wen"))
    index.add(3, parse("Maria Garcia"))

    assert {key for key, _ in index.candidates(parse("Dr. W. Zhang"))} == {1, 2}
    matches = index.search(parse("Zhāng Wěi"), threshold=85)
    assert [(match.key, match.score) for match in matches] == [(1, 100.0)]


def test_index_search_keeps_each_entrys_best_name() -> None:
    index: NameIndex[str] = NameIndex()
    index.add("a", parse("W. Zhang"))
    index.add("a", parse("Zhang Wei"))

    [match] = index.search(parse("Wei Zhang"), threshold=85)
    assert (match.key, match.name.normalised, match.score) == ("a", "zhang wei", 100.0)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("martin", "martina"),  # a letter added
        ("jose", "josef"),
        ("han", "hangwei"),  # a one-syllable given name and a longer one
        ("julia", "julie"),  # the last letter
        ("carla", "carlos"),  # two endings
        ("petra", "peter"),
        ("chenrui", "chenlin"),  # one pinyin syllable for another
    ],
)
def test_one_beginning_with_two_endings_is_another_name(a: str, b: str) -> None:
    from sojourn.names.score import other_ending

    assert other_ending(a, b)
    assert other_ending(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("perouman", "peroumna"),  # the last two letters swapped: a slip
        ("perouman", "peroumn"),  # a letter dropped before the last
        ("perouman", "peroumxn"),  # one replaced before the last
        ("perouman", "pexouman"),  # a slip in the middle
        ("perouman", "perouman"),  # the same
        ("elena", "elina"),  # differing in the middle: read as alike as a slip
        ("li", "lin"),  # too short to tell
    ],
)
def test_a_slip_or_a_difference_in_the_middle_is_no_other_ending(a: str, b: str) -> None:
    from sojourn.names.score import other_ending

    assert not other_ending(a, b)


def test_strict_endings_read_a_name_s_other_form_as_another_name() -> None:
    assert score("Martina Nowak", "Martin Nowak") > 95  # the kinder reading: a slip
    assert score("Martina Nowak", "Martin Nowak", strict_endings=True) == 75
    # A slip keeps its score either way; order, case and titles are still no difference.
    assert score("Perouman Lukas", "Lukas Peroumna", strict_endings=True) == score(
        "Perouman Lukas", "Lukas Peroumna"
    )
    assert score("Dr. Martin NOWAK", "Nowak, Martin", strict_endings=True) == 100
