"""Synthetic foreign contacts and the ways a traveller writes their names (seeded, no Django).

A person is Chinese (a Han name, read in pinyin as `sojourn.names` reads it) or Western (a
first name and a surname, some with diacritics). `written(person, way, rng)` is how one sighting
writes the name: in either order, surname first with a comma, with initials, with a title, with
or without diacritics (pinyin's tone marks), in Han characters, the given name split in two, in
capitals, or with one typo. `close(person, rng)` is a hard negative: another person whose name
differs by one given-name character (or one close first name, or one close surname), who works
somewhere else.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, replace

from pypinyin import Style, lazy_pinyin

# Common surnames whose everyday reading is the surname's (no 曾, 单, 解: read otherwise).
HAN_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严武戴莫孔向汤"
)
HAN_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鹏辉宇浩晨欣怡婷雪琳博文斌志建国海"
    "林峰云红波亮宁凯帆晓思佳俊嘉子梓涵睿轩逸然泽瑞昊天心雨安诗梦若晗宏卫东春兵成荣新晶燕玲萍"
    "莉慧冰振永金德光家福清松旭阳舒颖蕾薇琪璐航毅哲远"
)
# (plain, with diacritics): a name a traveller may write either way.
FIRST_NAMES = (
    ("Jose", "José"), ("Zoe", "Zoë"), ("Renee", "Renée"), ("Francois", "François"),
    ("Jurgen", "Jürgen"), ("Soren", "Søren"), ("Lukasz", "Łukasz"), ("Ines", "Inés"),
    ("Angel", "Ángel"), ("Bjorn", "Björn"), ("Helene", "Hélène"), ("Ozlem", "Özlem"),
    ("Anna", "Anna"), ("Maria", "Maria"), ("Peter", "Peter"), ("Daniel", "Daniel"),
    ("Carlos", "Carlos"), ("Alexander", "Alexander"), ("Michael", "Michael"), ("Elena", "Elena"),
    ("Thomas", "Thomas"), ("Sofia", "Sofia"), ("Ivan", "Ivan"), ("Olga", "Olga"),
    ("Julia", "Julia"), ("Martin", "Martin"), ("Laura", "Laura"), ("Stefan", "Stefan"),
    ("Natalia", "Natalia"), ("Andreas", "Andreas"), ("Claire", "Claire"), ("David", "David"),
)  # fmt: skip
SURNAMES = (
    ("Muller", "Müller"), ("Garcia", "García"), ("Fernandez", "Fernández"), ("Simic", "Šimić"),
    ("Dvorak", "Dvořák"), ("Schroder", "Schröder"), ("Lefevre", "Lefèvre"), ("Bjork", "Björk"),
    ("Nunez", "Núñez"), ("Gonzalez", "González"), ("Weiss", "Weiß"), ("Kovacs", "Kovács"),
    ("Nowak", "Nowak"), ("Kowalski", "Kowalski"), ("Smith", "Smith"), ("Johnson", "Johnson"),
    ("Bernard", "Bernard"), ("Dubois", "Dubois"), ("Rossi", "Rossi"), ("Ferrari", "Ferrari"),
    ("Novak", "Novak"), ("Ivanov", "Ivanov"), ("Petrov", "Petrov"), ("Schmidt", "Schmidt"),
    ("Fischer", "Fischer"), ("Wagner", "Wagner"), ("Becker", "Becker"), ("Hoffmann", "Hoffmann"),
    ("Martinez", "Martínez"), ("Lopez", "López"), ("Moreau", "Moreau"), ("Laurent", "Laurent"),
    ("Romano", "Romano"), ("Costa", "Costa"), ("Jensen", "Jensen"), ("Nielsen", "Nielsen"),
    ("Andersson", "Andersson"), ("Kuznetsov", "Kuznetsov"), ("Popescu", "Popescu"),
    ("Horvath", "Horváth"), ("Yilmaz", "Yılmaz"), ("Demir", "Demir"), ("Tanaka", "Tanaka"),
)  # fmt: skip
# First names one letter or two from another: a different person, not a variant.
CLOSE_FIRST = {
    "Anna": "Anne", "Maria": "Marta", "Peter": "Petra", "Daniel": "Daniela",
    "Carlos": "Carla", "Alexander": "Alexandra", "Michael": "Michel", "Elena": "Elina",
    "Julia": "Julie", "Martin": "Martina", "Ivan": "Ivana", "Sofia": "Sonia", "Olga": "Olha",
    "Laura": "Lara", "Stefan": "Stefanie", "Natalia": "Natasha", "Andreas": "Andrea",
    "Claire": "Clara", "David": "Davide", "Thomas": "Tomas", "Jose": "Josef",
    "Zoe": "Zora", "Renee": "Rene", "Francois": "Francoise", "Jurgen": "Jorg",
    "Soren": "Sorin", "Lukasz": "Lukas", "Ines": "Inga", "Angel": "Angela", "Bjorn": "Bjarne",
    "Helene": "Helena", "Ozlem": "Ozge",
}  # fmt: skip
PLACES = (
    "Tsinghua", "Fudan", "Zhejiang", "Nanjing", "Wuhan", "Harbin", "Xiamen", "Sichuan",
    "Kyoto", "Osaka", "Seoul", "Munich", "Lyon", "Delft", "Zurich", "Novosibirsk", "Bangalore",
    "Haifa", "Krakow", "Porto", "Valencia", "Tampere", "Uppsala", "Leuven", "Grenoble",
    "Turin", "Brno", "Szeged", "Tartu", "Kazan", "Penang", "Chiang Mai", "Monterrey",
    "Cordoba", "Adelaide", "Dunedin", "Halifax", "Bergen", "Aarhus", "Graz",
)  # fmt: skip
KINDS = (
    ("University", "Univ."),
    ("Institute of Technology", "Inst. of Tech."),
    ("AI Laboratory", "AI Lab"),
    ("Robotics Co., Ltd.", "Robotics"),
    ("Academy of Sciences", "Acad. of Sci."),
)
WESTERN_COUNTRIES = ("DE", "FR", "ES", "PL", "CZ", "RU", "IT", "SE", "US", "GB", "HU", "TR")
TITLES = ("Dr.", "Prof.", "Mr", "Ms", "Dr")
WAYS = (
    "order", "comma", "initials", "title", "diacritics", "han", "split", "capitals", "typo",
)  # fmt: skip
"""Every way a sighting may write a person's name (besides as first written)."""


@dataclass(frozen=True)
class Person:
    """A person: their name's parts and where they work (affiliation as its place and kind)."""

    surname: str
    """In Latin letters (pinyin for a Chinese name), as first written."""
    given: tuple[str, ...]
    """The given name's parts: pinyin syllables for a Chinese name, one first name otherwise."""
    accented_surname: str
    accented_given: tuple[str, ...]
    han: str
    """The name in Han characters, surname first ("" for a Western name)."""
    place: int
    kind: int
    country: str

    @property
    def chinese(self) -> bool:
        return bool(self.han)

    @property
    def given_name(self) -> str:
        return "".join(self.given).capitalize()

    @property
    def affiliation(self) -> str:
        return f"{PLACES[self.place]} {KINDS[self.kind][0]}"

    def affiliation_written(self, rng: random.Random) -> str:
        """The affiliation as one sighting writes it: in full or abbreviated."""
        return f"{PLACES[self.place]} {KINDS[self.kind][rng.random() < 0.4]}"


def chinese(rng: random.Random) -> Person:
    surname = rng.choice(HAN_SURNAMES)
    given = "".join(rng.choice(HAN_GIVEN) for _ in range(1 if rng.random() < 0.35 else 2))
    return _chinese(surname, given, rng.randrange(len(PLACES)), rng.randrange(len(KINDS)), rng)


def _chinese(surname: str, given: str, place: int, kind: int, rng: random.Random) -> Person:
    plain = lazy_pinyin(surname + given, style=Style.NORMAL, v_to_u=True)
    toned = lazy_pinyin(surname + given, style=Style.TONE)
    country = "CN" if rng.random() < 0.85 else rng.choice(("SG", "US", "HK"))
    return Person(
        surname=plain[0].capitalize(),
        given=tuple(plain[1:]),
        accented_surname=toned[0].capitalize(),
        accented_given=tuple(toned[1:]),
        han=surname + given,
        place=place,
        kind=kind,
        country=country,
    )


def western(rng: random.Random) -> Person:
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(SURNAMES)
    return Person(
        surname=last[0],
        given=(first[0],),
        accented_surname=last[1],
        accented_given=(first[1],),
        han="",
        place=rng.randrange(len(PLACES)),
        kind=rng.randrange(len(KINDS)),
        country=rng.choice(WESTERN_COUNTRIES),
    )


# Syllables of made-up surnames: a space of names as wide as the world's, so two people drawn
# at random rarely share a name (the named pools above are few).
ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ei")
ENDINGS = ("", "n", "r", "s", "v", "ov", "ski", "ez", "man", "berg", "ani", "escu", "ian")


def stranger(rng: random.Random) -> Person:
    """A Western-written person with a made-up surname, from a space of millions of names."""
    first = rng.choice(FIRST_NAMES)
    syllables = rng.randint(2, 3)
    root = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))
    surname = (root + rng.choice(ENDINGS)).capitalize()
    return Person(
        surname=surname,
        given=(first[0],),
        accented_surname=surname,
        accented_given=(first[1],),
        han="",
        place=rng.randrange(len(PLACES)),
        kind=rng.randrange(len(KINDS)),
        country=rng.choice(WESTERN_COUNTRIES),
    )


def someone(rng: random.Random, chinese_share: float = 0.6) -> Person:
    """A Chinese person (`chinese_share` of them) or a Western one: half from the named pools
    (diacritics, close first names), half with a made-up surname."""
    if rng.random() < chinese_share:
        return chinese(rng)
    return western(rng) if rng.random() < 0.5 else stranger(rng)


def close(person: Person, rng: random.Random) -> Person:
    """Another person with a close name (one given-name character, or a close first name or
    surname) at another affiliation."""
    place = rng.choice([p for p in range(len(PLACES)) if p != person.place])
    if person.chinese:
        han = list(person.han)
        at = rng.randrange(1, len(han))
        han[at] = rng.choice([c for c in HAN_GIVEN if c != han[at]])
        return _chinese(han[0], "".join(han[1:]), place, person.kind, rng)
    first = CLOSE_FIRST.get(person.given[0], person.given[0])
    if first == person.given[0]:
        other = rng.choice([s for s in SURNAMES if s[0] != person.surname])
        return replace(person, surname=other[0], accented_surname=other[1], place=place)
    return replace(person, given=(first,), accented_given=(first,), place=place)


def written(person: Person, way: str, rng: random.Random) -> str:
    """The person's name as one sighting writes it (`first` or one of WAYS)."""
    given, surname = person.given_name, person.surname
    if way == "order":
        return f"{given} {surname}" if person.chinese else f"{surname} {given}"
    if way == "comma":
        return f"{surname.upper()}, {given}"
    if way == "initials":
        return f"{rng.choice(TITLES)} {given[0]}. {surname}"
    if way == "title":
        return f"{rng.choice(TITLES)} {_first(person)}"
    if way == "diacritics":
        return _diacritics(person)
    if way == "han" and person.chinese:
        return person.han
    if way == "split" and len(person.given) > 1:
        return f"{'-'.join(g.capitalize() for g in person.given)} {surname}"
    if way == "capitals":
        return _first(person).upper()
    if way == "typo":
        return _typo(_first(person), rng)
    return _first(person)


def _first(person: Person) -> str:
    """The name as first written: a Chinese name surname first, a Western one first name first."""
    if person.chinese:
        return f"{person.surname} {person.given_name}"
    return f"{person.accented_given[0]} {person.accented_surname}"


def _diacritics(person: Person) -> str:
    if person.chinese:
        return f"{person.accented_surname} {''.join(person.accented_given).capitalize()}"
    plain = f"{person.given[0]} {person.surname}"
    return plain if plain != _first(person) else _strip(_first(person)).upper()


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _typo(text: str, rng: random.Random) -> str:
    """One edit (two letters swapped, one dropped or one replaced) in the longest word."""
    words = text.split()
    at = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[at]
    if len(word) < 5:
        return text
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("swap", "drop", "replace"))
    if edit == "swap":
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif edit == "drop":
        word = word[:i] + word[i + 1 :]
    else:
        word = word[:i] + rng.choice("aeiounrst") + word[i + 1 :]
    words[at] = word
    return " ".join(words)
