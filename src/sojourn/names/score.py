"""How alike two names are: a score from 0 to 100.

A person's name is aligned token by token, in any order: each token of the shorter name takes
its most alike token of the longer one (Jaro-Winkler or edit distance, whichever is kinder, so a
typo costs little); an initial matches a token it begins; the score is the least alike pair's,
less a few points for each initial and each token left over. A given name written as one word or
as two ("Xiaoming", "Xiao Ming") is the same when the letters are. An organisation's name is
compared by its sorted tokens, and an acronym matches the initials of the other name.
"""

from __future__ import annotations

from itertools import permutations

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from sojourn.names.parse import Kind, Name, parse

# Points off for each token matched only by its initial, and for each token the other name lacks.
INITIAL_PENALTY = 8.0
EXTRA_TOKEN_PENALTY = 12.0
# A name of one token against a longer one: a surname alone is no identification.
SINGLE_TOKEN_CAP = 70.0
ACRONYM_SCORE = 90.0


# With strict_endings, two tokens that differ in their ending are at most this alike.
OTHER_ENDING_SIMILARITY = 0.75
# An ending is the last letters after a shared beginning of at least MIN_SHARED letters: up to
# three on both sides (Carla, Carlos), or up to four added (Han, Hangwei).
MIN_SHARED = 2
ENDING_AT_MOST = 3
ADDED_AT_MOST = 4


def score(
    a: Name | str, b: Name | str, kind: Kind = Kind.PERSON, *, strict_endings: bool = False
) -> float:
    """How alike `a` and `b` are, 0 (nothing alike) to 100 (the same once normalised).

    Texts are parsed as names of `kind`; parsed names keep the kind they were parsed with.
    `strict_endings` (persons only) reads two tokens that differ in their ending as two names,
    not one name and a slip (`other_ending`): the register's matching, where a suggestion asks
    an officer's time; screening keeps the kinder reading, where a miss costs more.
    """
    left = a if isinstance(a, Name) else parse(a, kind)
    right = b if isinstance(b, Name) else parse(b, kind)
    if not left.tokens or not right.tokens:
        return 0.0
    if left.kind is Kind.ORGANISATION or right.kind is Kind.ORGANISATION:
        return _organisation_score(left.tokens, right.tokens)
    return max(
        _aligned(left.tokens, right.tokens, strict_endings), _joined(left.tokens, right.tokens)
    )


def token_similarity(a: str, b: str) -> float:
    """0–1: how alike two tokens are (the kinder of Jaro-Winkler and edit distance)."""
    return max(JaroWinkler.normalized_similarity(a, b), OSA.normalized_similarity(a, b))


def other_ending(a: str, b: str) -> bool:
    """Whether `a` and `b` are one beginning with two endings: a name's other form (Martin and
    Martina, Julia and Julie, François and Françoise, Carla and Carlos, Petra and Peter) or
    another given name (Chenrui and Chenlin), rather than one name with a slip in it.

    Jaro-Winkler rewards a shared beginning, so these score as high as a typo. A slip is told
    apart by where it falls: two letters swapped at the end (Perouman, Peroumna), or a letter
    dropped or replaced that leaves the last letter as it was (Peroumn, Peroumxn), is a slip.
    """
    if a == b or min(len(a), len(b)) < 3:
        return False
    shared = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        shared += 1
    rest_a, rest_b = a[shared:], b[shared:]
    if shared < MIN_SHARED:
        return False
    if not rest_a or not rest_b:
        return len(rest_a) + len(rest_b) <= ADDED_AT_MOST
    if max(len(rest_a), len(rest_b)) > ENDING_AT_MOST or rest_a == rest_b[::-1]:
        return False
    return a[-1] != b[-1]


def _aligned(a: tuple[str, ...], b: tuple[str, ...], strict_endings: bool = False) -> float:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    unused = list(long)
    worst, initials, full = 1.0, 0, 0
    for token in sorted(short, key=len, reverse=True):
        best, similarity, by_initial = _best_partner(token, unused, strict_endings)
        if best is None:
            return 0.0
        unused.remove(best)
        worst = min(worst, similarity)
        initials += by_initial
        full += not by_initial
    if full == 0:
        return 0.0
    points = 100.0 * worst - INITIAL_PENALTY * initials - EXTRA_TOKEN_PENALTY * len(unused)
    if len(short) == 1 and len(long) > 1:
        points = min(points, SINGLE_TOKEN_CAP)
    return max(points, 0.0)


def _best_partner(
    token: str, candidates: list[str], strict_endings: bool = False
) -> tuple[str | None, float, bool]:
    best: str | None = None
    best_similarity, best_initial = 0.0, False
    for candidate in candidates:
        if len(token) == 1 or len(candidate) == 1:
            if token[0] != candidate[0]:
                continue
            similarity, by_initial = 1.0, len(token) != len(candidate)
            if len(token) == len(candidate) == 1:
                by_initial = True
        else:
            similarity, by_initial = token_similarity(token, candidate), False
            if strict_endings and other_ending(token, candidate):
                similarity = min(similarity, OTHER_ENDING_SIMILARITY)
        # Prefer a full token to an initial at the same similarity.
        if (similarity, not by_initial) > (best_similarity, not best_initial):
            best, best_similarity, best_initial = candidate, similarity, by_initial
    return best, best_similarity, best_initial


def _joined(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    # "Zhang Xiao Ming" and "Zhang Xiaoming": the same letters in one of the name's orders.
    if len(a) == len(b) or max(len(a), len(b)) > 4 or min(len(a), len(b)) < 2:
        return 0.0
    orders_a = {"".join(order) for order in permutations(a)}
    return 100.0 if any("".join(order) in orders_a for order in permutations(b)) else 0.0


def _organisation_score(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    sorted_tokens = float(fuzz.token_sort_ratio(" ".join(a), " ".join(b)))
    return max(sorted_tokens, acronym_score(a, b), acronym_score(b, a))


def acronym_score(short: tuple[str, ...], long: tuple[str, ...]) -> float:
    if len(short) != 1 or len(long) < 2 or len(short[0]) < 2:
        return 0.0
    return ACRONYM_SCORE if short[0] == "".join(token[0] for token in long) else 0.0
