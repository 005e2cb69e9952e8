"""A name as written, read into the tokens names are compared by.

Lower case, ASCII, no punctuation or titles; Han in pinyin (a person's surname first, the given
name as one token, as passports write it), every other script in Latin letters (anyascii).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from anyascii import anyascii
from pypinyin import Style, lazy_pinyin


class Kind(StrEnum):
    """What a name names: people and organisations are read and compared differently."""

    PERSON = "person"
    ORGANISATION = "organisation"


def words(text: str) -> frozenset[str]:
    """The words of a space-separated list (word lists read best as words)."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Name:
    """A name read for matching: its tokens in the order a reader would say them."""

    tokens: tuple[str, ...]
    kind: Kind = Kind.PERSON

    @property
    def normalised(self) -> str:
        """The matching form stored beside a name: its tokens joined by spaces."""
        return " ".join(self.tokens)

    @property
    def compact(self) -> str:
        return "".join(self.tokens)


# Titles, honorifics and degrees dropped from a person's name (as whole tokens, after lower-casing).
PERSON_TITLES = words(
    "dr doctor prof professor mr mrs ms miss mx sir madam madame dame lord lady rev phd "
    "md msc mba jr sr ii iii iv esq herr frau mme mlle monsieur sen amb gen col"
)
# Chinese titles written after a name: 张伟博士, 王教授.
HAN_TITLES = ("博士", "教授", "先生", "女士", "小姐", "老师", "院士")
# Words an organisation's name may carry or drop without naming another organisation.
ORGANISATION_NOISE = words(
    "the of and for a an inc incorporated ltd limited llc plc co company corp "
    "corporation gmbh ag sa sas srl bv nv oy ab as kk pte pvt group holdings"
)
ORGANISATION_WORDS = {
    "univ": "university",
    "inst": "institute",
    "tech": "technology",
    "intl": "international",
    "lab": "laboratory",
    "labs": "laboratory",
    "technologies": "technology",
    "laboratories": "laboratory",
    "acad": "academy",
    "sci": "science",
    "sciences": "science",
    "natl": "national",
    "ctr": "center",
    "centre": "center",
    "dept": "department",
}
HAN_ORGANISATION_NOISE = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")
# Two-character Chinese surnames, read as one surname token.
COMPOUND_SURNAMES = words(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 端木 轩辕 钟离 澹台"
)
# Surnames whose reading differs from the character's everyday one.
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "乐": "yue",
    "缪": "miao",
    "覃": "qin",
    "翟": "zhai",
    "盖": "ge",
    "秘": "bi",
    "尉迟": "yuchi",
}

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7af]+")
_JOINERS = re.compile(r"['’`\-‐‑–]")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


def parse(text: str, kind: Kind = Kind.PERSON) -> Name:
    """Read `text` as a name of `kind`; an empty or all-punctuation text gives no tokens."""
    text = unicodedata.normalize("NFKC", text).strip()
    if kind is Kind.PERSON:
        text = _comma_inverted(text)
    text = _HAN_RUN.sub(lambda run: f" {_han(run.group(), kind)} ", text)
    text = _HANGUL_RUN.sub(lambda run: f" {_syllabic(run.group(), kind)} ", text)
    words = _words(anyascii(text))
    tokens = _person_tokens(words) if kind is Kind.PERSON else _organisation_tokens(words)
    return Name(tokens=tuple(tokens), kind=kind)


def normalise(text: str, kind: Kind = Kind.PERSON) -> str:
    """The matching form of `text`: "Dr. W. ZHANG" -> "w zhang", "张伟" -> "zhang wei"."""
    return parse(text, kind).normalised


def _comma_inverted(text: str) -> str:
    # "ZHANG, Wei" is the surname first: read it as "Wei ZHANG" (one comma only; more is a list).
    if text.count(",") != 1:
        return text
    surname, given = (part.strip() for part in text.split(","))
    return f"{given} {surname}" if surname and given else text


def _words(text: str) -> list[str]:
    text = _JOINERS.sub("", text.lower()).replace(".", " ")
    return _NOT_WORD.sub(" ", text).split()


def _person_tokens(words: list[str]) -> list[str]:
    kept = [word for word in words if word not in PERSON_TITLES]
    return kept or words


def _organisation_tokens(words: list[str]) -> list[str]:
    expanded = [ORGANISATION_WORDS.get(word, word) for word in words]
    kept = [word for word in expanded if word not in ORGANISATION_NOISE]
    return kept or expanded


def _han(run: str, kind: Kind) -> str:
    if kind is Kind.ORGANISATION:
        for noise in HAN_ORGANISATION_NOISE:
            run = run.removesuffix(noise)
        return _pinyin(run)
    for title in HAN_TITLES:
        if len(run) > len(title):
            run = run.removesuffix(title)
    if len(run) == 1:
        return _pinyin(run)
    # A Chinese name is written surname first: keep that order, as a passport does.
    cut = 2 if run[:2] in COMPOUND_SURNAMES and len(run) > 2 else 1
    surname = SURNAME_READINGS.get(run[:cut]) or _pinyin(run[:cut])
    return f"{surname} {_pinyin(run[cut:])}"


def _pinyin(han: str) -> str:
    return "".join(lazy_pinyin(han, style=Style.NORMAL, v_to_u=True))


def _syllabic(run: str, kind: Kind) -> str:
    # A Korean name is written surname (one syllable) first, without spaces.
    if kind is Kind.ORGANISATION or len(run) < 2:
        return anyascii(run)
    return f"{anyascii(run[0])} {anyascii(run[1:])}"
