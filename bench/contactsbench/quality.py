"""Resolution quality: a labelled synthetic set recorded through the real register.

`plan(persons, seed)` makes the set: each person is first written one way, then seen again
written 1–3 other ways (`people.WAYS`), mostly by travellers of other organisations; half the
persons have a hard negative, a different person with a close name at another affiliation, seen
once or twice. The sightings are shuffled and each is recorded with
`sojourn.contacts.sightings.record_sighting`, which matches it as it is recorded (the register's
own suggestions and the cross-organisation ones). Every sighting makes a contact of its own (no
strong identifier is given: names alone are measured), so the truth is known per contact.

Precision: the share of the suggestions whose two contacts are one person. Recall: the share of
the pairs of contacts that are one person which were suggested. Also printed: recall through
chains of right suggestions (A–B and B–C join A and C, as an officer's merges would), and recall
per way of writing against the name as first written.
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from contactsbench.people import WAYS, Person, close, someone, written
from sojourn.names import normalise

DAY = datetime.timedelta(days=1)
NOW = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)
REGISTERS = 3
REPORTERS_PER_REGISTER = 2
NEGATIVE_SHARE = 0.5
BLANK_AFFILIATION = 0.2
BLANK_COUNTRY = 0.3


@dataclass(frozen=True)
class Seen:
    """One sighting of the set: whose name, written how, by which register's traveller."""

    identity: int
    way: str
    name: str
    affiliation: str
    country: str
    register: int
    reporter: int
    days_ago: int


def plan(persons: int, seed: int) -> list[Seen]:
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    seen: list[Seen] = []
    identity = itertools.count()
    taken: set[tuple[str, ...]] = set()
    for _ in range(persons):
        person = _new(lambda: someone(rng), taken)
        ways = ["first", *rng.sample(_ways_for(person), rng.randint(1, 3))]
        seen += _sightings(next(identity), person, ways, rng)
        if rng.random() < NEGATIVE_SHARE:
            other = _new(lambda: close(person, rng), taken)  # noqa: B023 - called at once
            ways = ["first"] if rng.random() < 0.6 else ["first", rng.choice(_ways_for(other))]
            seen += _sightings(next(identity), other, ways, rng)
    rng.shuffle(seen)
    return seen


def _new(make: Callable[[], Person], taken: set[tuple[str, ...]]) -> Person:
    """A person whose name no other person of the set has (no two people share a name: a
    homonym is no variant, and a name alone cannot tell them apart)."""
    while True:
        person = make()
        first = written(person, "first", random.Random(0))  # noqa: S311 - no randomness used
        name = tuple(sorted(normalise(first).split()))
        if name not in taken:
            taken.add(name)
            return person


def _ways_for(person: Person) -> list[str]:
    if person.chinese:
        return [w for w in WAYS if w != "split" or len(person.given) > 1]
    return [w for w in WAYS if w not in {"han", "split"}]


def _sightings(identity: int, person: Person, ways: list[str], rng: random.Random) -> list[Seen]:
    return [
        Seen(
            identity=identity,
            way=way,
            name=written(person, way, rng),
            affiliation="" if rng.random() < BLANK_AFFILIATION else person.affiliation_written(rng),
            country="" if rng.random() < BLANK_COUNTRY else person.country,
            register=rng.randrange(REGISTERS),
            reporter=rng.randrange(REPORTERS_PER_REGISTER),
            days_ago=rng.randrange(1, 300),
        )
        for way in ways
    ]


def run(seen: list[Seen]) -> dict[str, Any]:
    """Record every sighting through the register and score its suggestions against the truth."""
    from sojourn.contacts.models import Suggestion

    reporters = _reporters()
    contact_of: dict[int, Seen] = {}
    started = time.perf_counter()
    for item in seen:
        contact_of[_record(item, reporters)] = item
    seconds = time.perf_counter() - started
    suggested = set(Suggestion.objects.values_list("contact_id", "candidate_id"))
    return _scored(contact_of, suggested) | {
        "sightings": len(seen),
        "persons": len({s.identity for s in seen}),
        "seconds": round(seconds, 2),
        "sightings_per_second": round(len(seen) / seconds, 1),
    }


def _reporters() -> list[list[Any]]:
    from sojourn.people.models import Organisation
    from sojourn.testing import builders

    registers = []
    for number in range(REGISTERS):
        organisation = Organisation.objects.create(
            name=f"Register {number}", slug=f"register-{number}", sectors=["ai"], home_country="CN"
        )
        registers.append(
            [
                builders.traveller(f"r{number}t{i}", organisation=organisation)
                for i in range(REPORTERS_PER_REGISTER)
            ]
        )
    return registers


def _record(item: Seen, reporters: list[list[Any]]) -> int:
    from sojourn.contacts.models import SightingSource
    from sojourn.contacts.sightings import SightingInput, record_sighting

    reporter = reporters[item.register][item.reporter]
    sighting = record_sighting(
        SightingInput(
            source=SightingSource.PLANNED_MEETING,
            occurred_on=(NOW - item.days_ago * DAY).date(),
            name=item.name,
            country=item.country,
            affiliation=item.affiliation,
            details="Met at a workshop.",
        ),
        reporter=reporter,
        organisation=reporter.person.organisation,
        now=NOW,
    )
    return int(sighting.contact_id)


def _scored(contact_of: dict[int, Seen], suggested: set[tuple[int, int]]) -> dict[str, Any]:
    by_identity: defaultdict[int, list[int]] = defaultdict(list)
    for contact_id, item in contact_of.items():
        by_identity[item.identity].append(contact_id)
    truth = {
        (low, high)
        for ids in by_identity.values()
        for low, high in itertools.combinations(sorted(ids), 2)
    }
    right = suggested & truth
    wrong = suggested - truth
    joined = _joined(right, truth)
    return {
        "true_pairs": len(truth),
        "suggestions": len(suggested),
        "right": len(right),
        "wrong": len(wrong),
        "precision": len(right) / len(suggested) if suggested else 1.0,
        "recall": len(right) / len(truth) if truth else 1.0,
        "recall_through_chains": joined / len(truth) if truth else 1.0,
        "recall_by_way": _by_way(contact_of, truth, right),
        "wrong_examples": [_pair(contact_of, pair) for pair in sorted(wrong)[:8]],
        "missed_examples": [_pair(contact_of, pair) for pair in sorted(truth - right)[:8]],
    }


def _joined(right: set[tuple[int, int]], truth: set[tuple[int, int]]) -> int:
    """The true pairs that chains of right suggestions join."""
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    for low, high in right:
        parent[root(low)] = root(high)
    return sum(1 for low, high in truth if root(low) == root(high))


def _by_way(
    contact_of: dict[int, Seen], truth: set[tuple[int, int]], right: set[tuple[int, int]]
) -> dict[str, str]:
    """Per way of writing: the pairs with the name as first written that were suggested."""
    asked: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for pair in truth:
        ways = {contact_of[pair[0]].way, contact_of[pair[1]].way}
        if "first" in ways and len(ways) == 2:
            (way,) = ways - {"first"}
            asked[way] += 1
            found[way] += pair in right
    return {way: f"{found[way]}/{asked[way]}" for way in sorted(asked)}


def _pair(contact_of: dict[int, Seen], pair: tuple[int, int]) -> str:
    a, b = contact_of[pair[0]], contact_of[pair[1]]
    return f"{_seen(a)} ~ {_seen(b)}"


def _seen(item: Seen) -> str:
    return f"{item.name} ({item.affiliation or '-'}, {item.country or '-'})"


def summary(found: dict[str, Any]) -> str:
    lines = [
        f"resolution: {found['sightings']:,} sightings of {found['persons']:,} persons recorded "
        f"in {found['seconds']:.1f} s ({found['sightings_per_second']:.0f} /s); "
        f"{found['suggestions']:,} suggestions, {found['right']:,} right, {found['wrong']:,} "
        f"wrong, of {found['true_pairs']:,} pairs that are one person",
        f"  precision {found['precision']:.3f} · recall {found['recall']:.3f} · recall through "
        f"chains of right suggestions {found['recall_through_chains']:.3f}",
        "  recall per way, against the name as first written: "
        + ", ".join(f"{way} {share}" for way, share in found["recall_by_way"].items()),
    ]
    lines += [f"  wrong: {text}" for text in found["wrong_examples"]]
    lines += [f"  missed: {text}" for text in found["missed_examples"]]
    return "\n".join(lines)
