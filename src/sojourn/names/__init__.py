"""Names compared across order, case, punctuation, titles, initials, diacritics and scripts.

Pure Python, no Django: the contact register and restricted-party screening both use it.

    from sojourn.names import Kind, NameIndex, parse, score, normalise, blocking_keys

    normalise("ZHANG, Wei")                    # "wei zhang"
    normalise("张伟")                           # "zhang wei"
    score("Dr. W. Zhang", "Zhāng Wěi")          # 92.0: a candidate, not a certainty
    score("Harbin Inst. of Tech.", "HIT", Kind.ORGANISATION)   # 90.0

`parse` reads a text once into a `Name` (its tokens); `score` takes texts or parsed names;
`blocking_keys` gives the keys a name shares with every name it may match, and `NameIndex` uses
them to search many names without comparing every pair.
"""

from sojourn.names.index import Match, NameIndex, blocking_keys
from sojourn.names.parse import Kind, Name, normalise, parse
from sojourn.names.score import score, token_similarity

__all__ = [
    "Kind",
    "Match",
    "Name",
    "NameIndex",
    "blocking_keys",
    "normalise",
    "parse",
    "score",
    "token_similarity",
]
