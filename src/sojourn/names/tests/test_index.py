"""The index's search gives exactly what scoring every candidate with `score` gives: it keeps
each distinct name once and scores organisations' names in one rapidfuzz call, which must change
no score and lose no match."""

from __future__ import annotations

from itertools import product

from sojourn.names import Kind, Name, NameIndex, blocking_keys, parse, score

PEOPLE = [
    " ".join(parts)
    for parts in product(("Zhang", "Zhāng", "ZHANG,", "Dr. W."), ("Wei", "Wen", "Wie", "张伟"))
] + ["Maria Garcia", "María García", "Marta Garcia", "Garcia, Maria", "Xiao Ming Li", "李晓明"]
ORGANISATIONS = [
    " ".join(parts)
    for parts in product(
        ("Harbin", "Harbn", "Nanjing"), ("Institute of Technology", "Inst. of Tech.", "Optics")
    )
] + ["HIT", "NIT", "H.I.T.", "Harbin Optics Co., Ltd.", "哈尔滨工业大学", "Huawei", "Hua Wei"]


def entries() -> list[tuple[int, Name]]:
    names = [parse(text, Kind.PERSON) for text in PEOPLE]
    names += [parse(text, Kind.ORGANISATION) for text in ORGANISATIONS]
    # Several entries share a name, and an entry has several names, as lists do.
    return [(number % 7, name) for number, name in enumerate(names + names[::3])]


def by_every_candidate(
    indexed: list[tuple[int, Name]], name: Name, threshold: float
) -> dict[int, float]:
    best: dict[int, float] = {}
    for key, candidate in indexed:
        if blocking_keys(candidate) & blocking_keys(name):
            points = score(name, candidate)
            if points >= threshold:
                best[key] = max(points, best.get(key, 0.0))
    return best


def test_search_scores_as_score_does_for_every_candidate() -> None:
    indexed = entries()
    index: NameIndex[int] = NameIndex()
    index.add_all(indexed)
    checked = 0
    for _key, name in indexed:
        for threshold in (70.0, 90.0):
            found = index.search(name, threshold)
            assert {m.key: m.score for m in found} == by_every_candidate(indexed, name, threshold)
            assert all(score(name, m.name) == m.score for m in found)
            assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
            checked += len(found)
    assert checked > 100  # the set has matches to compare, not only misses


def test_an_acronym_scores_above_a_weaker_sorted_token_score() -> None:
    index: NameIndex[str] = NameIndex()
    index.add("hit", parse("HIT", Kind.ORGANISATION))
    [match] = index.search(parse("Harbin Institute of Technology", Kind.ORGANISATION), 85)
    assert (match.key, match.score) == ("hit", 90.0)
