"""The organisations of a synthetic world and the people in them.

One authority (oversight and auditors) and `--orgs` organisations of many sizes (a few large
labs, many small firms), each following the shipped policy pack that fits its sector: AI,
robotics and chip makers in China the sensitive-technology directive (which covers only some of
them), universities the research-security registry, aerospace and government contractors in the
United States the SEAD 3-style regime. Each organisation has about one security officer per 50
travellers.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from django.utils.text import slugify

from sojourn.policy import Traveller
from sojourn.synth import tables, texts
from sojourn.synth.chance import Weighted, between, pick
from sojourn.synth.ids import Ids
from sojourn.synth.places import TIME_ZONES
from sojourn.synth.rows import Rows
from sojourn.synth.timebase import moment_text

SEED_PACK = "seed-sensitive-tech"
SEAD3_PACK = "us-sead3"
RESEARCH_PACK = "research-security"
TRAVELLERS_PER_OFFICER = 50


@dataclass(frozen=True)
class Profile:
    """A kind of organisation: its sectors, pack, homes, names and who travels."""

    kind: str
    weight: float
    sectors: tuple[tuple[str, ...], ...]
    pack: str
    homes: tuple[str, ...]
    names: tuple[str, ...]
    positions: tuple[tuple[str, float], ...]
    academic: bool = False


_TECH = (("researcher", 50), ("executive", 15), ("founder", 5), ("staff", 30))
# fmt: off
PROFILES: tuple[Profile, ...] = (
    Profile("ai", 28, (("ai",),), SEED_PACK, ("CN",),
            ("{w} AI", "{w} Intelligence", "{w} Labs", "{w} Machine Learning"), _TECH),
    Profile("robotics", 14, (("robotics",), ("robotics", "ai")), SEED_PACK, ("CN",),
            ("{w} Robotics", "{w} Automation", "{w} Dynamics"), _TECH),
    Profile("semiconductors", 10, (("semiconductors",), ("semiconductors", "ai")), SEED_PACK,
            ("CN",), ("{w} Semiconductor", "{w} Microelectronics", "{w} Silicon"), _TECH),
    Profile("quantum", 4, (("quantum",),), SEED_PACK, ("CN",), ("{w} Quantum",), _TECH),
    Profile("biotech", 5, (("biotech",),), SEED_PACK, ("CN",),
            ("{w} Biosciences", "{w} Therapeutics"), _TECH),
    Profile("academia", 17, (("academia",),), RESEARCH_PACK, ("US", "US", "US", "GB", "CA", "AU"),
            ("University of {p}", "{p} Institute of Technology", "{p} State University"),
            (("researcher", 70), ("staff", 30)), academic=True),
    Profile("finance", 8, (("finance",),), SEED_PACK, ("CN",),
            ("{w} Capital", "{w} Securities", "{w} Bank"),
            (("executive", 30), ("staff", 70))),
    Profile("aerospace", 9, (("aerospace",),), SEAD3_PACK, ("US",),
            ("{w} Aerospace", "{w} Defense Systems"),
            (("staff", 60), ("researcher", 20), ("executive", 20))),
    Profile("government", 5, (("government",),), SEAD3_PACK, ("US",),
            ("{w} Analytics Agency", "Office of {w} Programs"),
            (("staff", 70), ("executive", 30))),
)
WORDS = (
    "Aurora", "Beacon", "Cinder", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris",
    "Jade", "Kestrel", "Lumen", "Meridian", "Nimbus", "Orchid", "Pinnacle", "Quill", "Radiant",
    "Summit", "Tidal", "Umbra", "Vantage", "Willow", "Xenon", "Yonder", "Zenith", "Tianqiong",
    "Xinghe", "Longteng", "Huaxia", "Zhiyuan", "Shenlan", "Yunfan", "Jinghong", "Boreal",
    "Cobalt", "Dragonfly", "Everest", "Firefly", "Glacier", "Helios", "Ironwood", "Juniper",
)
PLACES = (
    "Lakeview", "Northfield", "Westbrook", "Riverside", "Eastport", "Highland", "Fairmont",
    "Oakridge", "Brookline", "Clearwater", "Stonebridge", "Maplewood", "Ashford", "Kingsley",
)
PHONES = {
    "CN": "+86 10 5555 {n:04d}", "US": "+1 202 555 0{n:03d}", "GB": "+44 20 7946 0{n:03d}",
    "CA": "+1 416 555 0{n:03d}", "AU": "+61 2 5550 {n:04d}",
}
# fmt: on
_PROFILES = Weighted(PROFILES, [profile.weight for profile in PROFILES])
_POSITIONS = {profile.kind: Weighted.of(profile.positions) for profile in PROFILES}


@dataclass
class Org:
    id: int
    slug: str
    profile: Profile
    sectors: tuple[str, ...]
    home: str
    officers: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Person:
    """A traveller as trips need them: who, where from, and what the engine is told."""

    user_id: int
    org: Org
    position: str
    facts: Traveller
    weight: float


@dataclass
class Cast:
    authority: Org
    organisations: list[Org]
    travellers: list[Person]
    oversight: list[int]
    auditors: list[int]


def sizes(rng: random.Random, organisations: int, people: int) -> list[int]:
    """How many people each organisation has: skewed (a few large, many small), at least 3."""
    weights = [rng.lognormvariate(0.0, 1.1) for _ in range(organisations)]
    spare = people - 3 * organisations
    total = sum(weights)
    counts = [3 + int(spare * weight / total) for weight in weights]
    for index in range(people - sum(counts)):
        counts[index % organisations] += 1
    return counts


def authority_size(people: int) -> tuple[int, int]:
    """Oversight and auditors in the authority: a few, growing slowly with the world."""
    return 2 + people // 25_000, 1 + people // 50_000


def org_name(rng: random.Random, profile: Profile) -> str:
    template = pick(rng, profile.names)
    return template.format(w=pick(rng, WORDS), p=pick(rng, PLACES))


def pick_profile(rng: random.Random) -> Profile:
    return _PROFILES(rng)


def position_of(rng: random.Random, profile: Profile) -> str:
    return _POSITIONS[profile.kind](rng)


def travel_weight(rng: random.Random, position: str) -> float:
    """How much someone travels: executives and founders more, staff less, everyone different."""
    factor = {"executive": 2.0, "founder": 2.0, "researcher": 1.0}.get(position, 0.6)
    return factor * rng.lognormvariate(0.0, 0.8)


def person_name(rng: random.Random, home: str) -> tuple[str, str]:
    if home == "CN":
        return pick(rng, texts.CHINESE_GIVEN), pick(rng, texts.CHINESE_FAMILY)
    return pick(rng, texts.WESTERN_GIVEN), pick(rng, texts.WESTERN_FAMILY)


def phone(rng: random.Random, home: str) -> str:
    return PHONES.get(home, PHONES["US"]).format(n=between(rng, 0, 99))


def office_offset(home: str) -> int:
    """Minutes the organisation's clocks are ahead of UTC, for office hours."""
    return {"CN": 8, "US": -5, "GB": 0, "CA": -5, "AU": 10}.get(home, 0) * 60


def time_zone(home: str) -> str:
    return TIME_ZONES.get(home, "UTC")


AUTHORITY = Profile(
    "authority",
    0,
    (("government",),),
    SEED_PACK,
    ("CN",),
    ("Travel Oversight Authority",),
    (("staff", 1),),
)
EXTRA_SECTOR_SHARE = 0.1
"""People in a firm outside AI who work on AI all the same (the directive then covers them)."""
ZH_SHARE = 0.55
PASSWORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def build_cast(
    rng: random.Random,
    ids: Ids,
    rows: Rows,
    *,
    organisations: int,
    people: int,
    joined: int,
    password: str | None,
) -> Cast:
    """The organisations and everyone in them; `joined` (minutes) is when they signed up and
    `password` a hash every account shares (None: no account can sign in)."""
    oversight_count, auditor_count = authority_size(people)
    authority = _organisation(rng, ids, rows, AUTHORITY, joined)
    cast = Cast(authority, [], [], [], [])
    for _ in range(oversight_count):
        cast.oversight.append(_person(rng, ids, rows, authority, "oversight", joined, password))
    for _ in range(auditor_count):
        cast.auditors.append(_person(rng, ids, rows, authority, "auditor", joined, password))
    counts = sizes(rng, organisations, people - oversight_count - auditor_count)
    for size in counts:
        org = _organisation(rng, ids, rows, pick_profile(rng), joined)
        cast.organisations.append(org)
        officers = max(1, round(size / (TRAVELLERS_PER_OFFICER + 1)))
        for _ in range(officers):
            org.officers.append(_person(rng, ids, rows, org, "officer", joined, password))
        for _ in range(size - officers):
            position = position_of(rng, org.profile)
            extra = (
                ("ai",)
                if org.profile.kind in ("semiconductors", "quantum", "biotech")
                and rng.random() < EXTRA_SECTOR_SHARE
                else ()
            )
            user_id = _person(
                rng, ids, rows, org, "traveller", joined, password, position=position, extra=extra
            )
            facts = Traveller(
                positions=(position,),
                sectors=tuple(sorted(set(org.sectors) | set(extra))),
                home_country=org.home,
            )
            cast.travellers.append(
                Person(user_id, org, position, facts, travel_weight(rng, position))
            )
    return cast


def _organisation(rng: random.Random, ids: Ids, rows: Rows, profile: Profile, joined: int) -> Org:
    org_id = ids.counter(tables.ORGANISATIONS)()
    name = org_name(rng, profile)
    slug = f"{slugify(name)[:50]}-{org_id}"
    sectors = pick(rng, profile.sectors)
    home = pick(rng, profile.homes)
    created = joined - between(rng, 0, 180 * 24 * 60)
    rows.organisations.append(
        (
            org_id,
            name,
            slug,
            json.dumps(list(sectors)),
            home,
            time_zone(home),
            profile.pack,
            moment_text(created),
        ),
    )
    return Org(org_id, slug, profile, sectors, home)


def _person(
    rng: random.Random,
    ids: Ids,
    rows: Rows,
    org: Org,
    role: str,
    joined: int,
    password: str | None,
    *,
    position: str = "staff",
    extra: tuple[str, ...] = (),
) -> int:
    user_id = ids.counter(tables.USERS)()
    given, family = person_name(rng, org.home)
    username = f"{given}.{family}.{user_id}".lower().replace(" ", "")
    contact_given, _ = person_name(rng, org.home)
    unusable = "!" + "".join(pick(rng, PASSWORD_CHARS) for _ in range(40))
    rows.users.append(
        (
            user_id,
            password or unusable,
            None,
            False,
            username,
            given,
            family,
            f"{username}@{org.slug}.example",
            False,
            True,
            moment_text(joined + between(rng, 0, 60 * 24 * 60)),
        ),
    )
    language = "zh-hans" if org.home == "CN" and rng.random() < ZH_SHARE else "en"
    rows.people.append(
        (
            ids.counter(tables.PEOPLE)(),
            user_id,
            org.id,
            role,
            position,
            json.dumps(list(extra)),
            f"{contact_given} {family}",
            phone(rng, org.home),
            language,
            "",  # browser_language: no request seen yet
        ),
    )
    return user_id
