"""Screening's speed: N contacts against a list of E entries with A aliases, on one core, through
the real screener, against brute force over every pair (no database).

The list: 70 % person entries, 25 % organisations, 5 % of unknown kind (indexed as both, as the
CSL's blank types are); its A aliases spread over the entries (0–6 each), each another writing of
the entry's name (another order, surname first with a comma, Han, diacritics, initials, a typo;
an organisation's abbreviated). Threshold: the lists' default (`DEFAULT_THRESHOLD`). The
contacts: 85 % people, 15 % organisations, drawn from the same generators (so chance near-misses
happen as they would), and 2 % of them another writing of a listed name.

Timed (wall clock, one thread): building `Screener` from the entries, then `screen()` of every
contact's name; the figure is their sum. The brute force is `rapidfuzz.process.cdist` with
`fuzz.ratio` over the names' matching forms with their tokens sorted (which is exactly
`token_sort_ratio`, without sorting inside every comparison: the faster of the two), `workers=1`,
`score_cutoff` at the threshold, of each contact against every name of the list (E + A names).
Comparing every pair at this size would take tens of minutes, so it runs on a seeded random
sample of the contacts, against all the names, and its time is extrapolated linearly to all the
contacts (the matching forms are given to it ready, outside its clock). Its hits on the sample —
(contact, entry) pairs where some name of the entry, of the contact's kind, scores at the
threshold or above — are compared with what the screener finds for the same contacts.
"""

from __future__ import annotations

import random
import time
from typing import Any

from contactsbench.people import KINDS, PLACES, WAYS, Person, someone, written

PERSON_SHARE = 0.70
ORGANISATION_SHARE = 0.25
CONTACT_PERSONS = 0.85
PLANTED = 0.02
SAMPLE = {"quick": 200, "full": 1_000}
EXHAUSTIVE = {"quick": 50, "full": 20}
"""Sampled contacts also scored by the screener's own score against every name of the list."""
ROW_CHUNK = 100
SYLLABLES = [
    "hua",
    "wei",
    "zhong",
    "xin",
    "tian",
    "long",
    "hai",
    "kang",
    "sheng",
    "da",
    "tong",
    "feng",
    "guang",
    "ming",
    "rui",
    "jin",
    "bo",
    "yuan",
    "neo",
    "tek",
    "sys",
    "gen",
    "lux",
    "vor",
    "tal",
    "mar",
    "sol",
    "nor",
    "dex",
    "pro",
    "astra",
    "volt",
    "kron",
    "sib",
    "ural",
    "avia",
]
SECTORS = (
    "Electronics", "Trading", "Aviation", "Shipping", "Optics", "Microsystems", "Semiconductor",
    "Precision Machinery", "Chemical", "Logistics", "Software", "Energy", "Materials",
)  # fmt: skip
SUFFIXES = ("Co., Ltd.", "LLC", "GmbH", "Group", "Corporation", "JSC", "Ltd.", "")


def run(contacts: int, entries: int, aliases: int, *, seed: int) -> dict[str, Any]:
    from sojourn.names import Kind
    from sojourn.screening.matching import Screener
    from sojourn.screening.models import DEFAULT_THRESHOLD

    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    listed = _entries(entries, aliases, DEFAULT_THRESHOLD, rng)
    names = _contacts(contacts, listed, rng)
    started = time.perf_counter()
    cpu = time.process_time()
    screener = Screener(listed)
    built = time.perf_counter() - started
    found = [screener.screen(text, Kind(kind)) for text, kind in names]
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    size = "full" if contacts >= 100_000 else "quick"
    sample = sorted(rng.sample(range(contacts), min(SAMPLE[size], contacts)))
    brute = _brute_force(listed, [names[i] for i in sample], DEFAULT_THRESHOLD)
    screened = {(n, f.entry.pk) for n, i in enumerate(sample) for f in found[i]}
    both = brute["hits"] & screened
    exhaustive = _exhaustive(listed, [names[i] for i in sample[: EXHAUSTIVE[size]]])
    kept = {(row, pk) for row, pk in screened if row < EXHAUSTIVE[size]}
    return {
        "contacts": contacts,
        "entries": entries,
        "aliases": sum(len(e.aliases) for e in listed),
        "threshold": DEFAULT_THRESHOLD,
        "build_seconds": round(built, 2),
        "seconds": round(seconds, 2),
        "cpu_share": round(cpu / seconds, 2),
        "per_contact_us": round(seconds / contacts * 1e6, 1),
        "hits": sum(len(f) for f in found),
        "contacts_with_hits": sum(1 for f in found if f),
        "sample": len(sample),
        "brute_force_sample_seconds": round(brute["seconds"], 2),
        "brute_force_seconds": round(brute["seconds"] * contacts / len(sample), 1),
        "brute_force_hits": len(brute["hits"]),
        "screener_hits_on_sample": len(screened),
        "hits_found": len(both) / len(brute["hits"]) if brute["hits"] else 1.0,
        "missed_examples": _examples(brute["hits"] - screened, listed, names, sample),
        "beyond_brute_force": len(screened - brute["hits"]),
        "exhaustive_sample": min(EXHAUSTIVE[size], len(sample)),
        "exhaustive_hits": len(exhaustive),
        "exhaustive_found": len(exhaustive & kept),
        "exhaustive_missed": _examples(exhaustive - kept, listed, names, sample),
    }


def _entries(count: int, aliases: int, threshold: int, rng: random.Random) -> list[Any]:
    from sojourn.screening.matching import Listed

    per = [0] * count
    for _ in range(aliases):  # spread over the entries, 0–6 each
        at = rng.randrange(count)
        while per[at] >= 6:
            at = rng.randrange(count)
        per[at] += 1
    listed = []
    for pk in range(count):
        roll = rng.random()
        kind = (
            "person"
            if roll < PERSON_SHARE
            else "organisation"
            if roll < PERSON_SHARE + ORGANISATION_SHARE
            else ""
        )
        name, others = _listed_names(kind, per[pk], rng)
        listed.append(
            Listed(
                pk=pk,
                list_id="bench",
                entry_id=f"E{pk}",
                name=name,
                aliases=tuple(others),
                kind=kind,
                threshold=threshold,
                as_of=_AS_OF,
                fingerprint=f"f{pk}",
            )
        )
    return listed


def _listed_names(kind: str, aliases: int, rng: random.Random) -> tuple[str, list[str]]:
    if kind == "person":
        person = someone(rng, chinese_share=0.4)
        # Lists write a name in full: no alias of initials only ("Dr. W. Zhang").
        ways = [w for w in WAYS if w not in {"capitals", "initials"}]
        return written(person, "first", rng), [
            written(person, rng.choice(ways), rng) for _ in range(aliases)
        ]
    name = _organisation(rng)
    return name, [_organisation_alias(name, rng) for _ in range(aliases)]


def _organisation(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    if rng.random() < 0.3:
        return f"{rng.choice(PLACES)} {word} {rng.choice(KINDS)[0]}"
    return f"{word} {rng.choice(SECTORS)} {rng.choice(SUFFIXES)}".strip()


def _organisation_alias(name: str, rng: random.Random) -> str:
    words = name.replace(",", "").split()
    roll = rng.random()
    if roll < 0.3:
        return " ".join(w for w in words if w not in {"Co.", "Ltd.", "LLC", "GmbH", "JSC"})
    if roll < 0.5:
        return "".join(w[0] for w in words if w[0].isupper())
    if roll < 0.7:
        return f"{name.upper()}"
    return f"{words[0]} {_organisation(rng).split()[-1]}"


def _contacts(count: int, listed: list[Any], rng: random.Random) -> list[tuple[str, str]]:
    names = []
    for _ in range(count):
        if rng.random() < PLANTED:
            entry = rng.choice(listed)
            text = rng.choice(entry.names)
            kind = entry.kind or "organisation"
            names.append((text if kind != "person" else _another(text, rng), kind))
        elif rng.random() < CONTACT_PERSONS:
            names.append((written(someone(rng), "first", rng), "person"))
        else:
            names.append((_organisation(rng), "organisation"))
    return names


def _another(text: str, rng: random.Random) -> str:
    parts = text.split()
    if len(parts) < 2:
        return text
    person = Person(parts[-1], (parts[0].lower(),), parts[-1], (parts[0].lower(),), "", 0, 0, "")
    return written(person, rng.choice(("order", "comma", "typo", "capitals")), rng)


def _brute_force(
    listed: list[Any], sample: list[tuple[str, str]], threshold: int
) -> dict[str, Any]:
    """Every sampled contact against every name of the list, by cdist (one core)."""
    from rapidfuzz import fuzz, process

    from sojourn.names import Kind, parse

    forms, owners = [], []
    for entry in listed:
        for text in entry.names:
            forms.append(_sorted(parse(text, _kind(entry.kind))))
            owners.append((entry.pk, entry.kind))
    queries = [_sorted(parse(text, Kind(kind))) for text, kind in sample]
    hits: set[tuple[int, int]] = set()
    seconds = 0.0
    for start in range(0, len(queries), ROW_CHUNK):
        began = time.perf_counter()
        scores = process.cdist(
            queries[start : start + ROW_CHUNK],
            forms,
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            workers=1,
            dtype="uint8",
        )
        rows, columns = scores.nonzero()
        seconds += time.perf_counter() - began
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            pk, kind = owners[column]
            if not kind or _kind(kind) == _kind(sample[start + row][1]):
                hits.add((start + row, pk))
    return {"seconds": seconds, "hits": hits}


def _exhaustive(listed: list[Any], sample: list[tuple[str, str]]) -> set[tuple[int, int]]:
    """(row, entry) pairs the screener's own score puts at the threshold or above, every name
    of the list compared (no blocking): what the index may lose."""
    from sojourn.names import Kind, parse, score

    parsed = {
        kind: [
            (entry, [parse(text, kind) for text in entry.names])
            for entry in listed
            if not entry.kind or _kind(entry.kind) is kind
        ]
        for kind in (Kind.PERSON, Kind.ORGANISATION)
    }
    hits = set()
    for row, (text, kind) in enumerate(sample):
        name = parse(text, Kind(kind))
        for entry, names in parsed[name.kind]:
            if any(score(name, other) >= entry.threshold for other in names):
                hits.add((row, entry.pk))
    return hits


def _kind(kind: str) -> Any:
    from sojourn.names import Kind

    return Kind.PERSON if kind == "person" else Kind.ORGANISATION


def _sorted(name: Any) -> str:
    return " ".join(sorted(name.tokens))


def _examples(
    missed: set[tuple[int, int]], listed: list[Any], names: list[tuple[str, str]], sample: list[int]
) -> list[str]:
    return [f"{names[sample[row]][0]!r} ~ {listed[pk].names}" for row, pk in sorted(missed)[:10]]


def summary(found: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"screening: {found['contacts']:,} contacts against {found['entries']:,} entries with "
            f"{found['aliases']:,} aliases (threshold {found['threshold']}): "
            f"{found['seconds']:.1f} s ({found['build_seconds']:.1f} s of it building the "
            f"index; {found['per_contact_us']:.0f} µs per contact; CPU/wall "
            f"{found['cpu_share']:.2f}); {found['hits']:,} hits on "
            f"{found['contacts_with_hits']:,} contacts",
            f"  brute force (cdist, every pair): {found['brute_force_sample_seconds']:.1f} s for "
            f"a sample of {found['sample']:,} contacts against every name, extrapolated "
            f"linearly to {found['brute_force_seconds']:.0f} s for all {found['contacts']:,}",
            f"  on that sample: brute force {found['brute_force_hits']:,} hits, the screener "
            f"{found['screener_hits_on_sample']:,}, of which {found['beyond_brute_force']:,} "
            f"the brute force's score does not reach; share of the brute force's hits found "
            f"{found['hits_found']:.4f}",
            *[f"  missed: {text}" for text in found["missed_examples"]],
            f"  the screener's own score over every pair, for {found['exhaustive_sample']} of "
            f"the sampled contacts (no blocking): {found['exhaustive_hits']} hits, of which the "
            f"screener found {found['exhaustive_found']}",
            *[f"  lost by the blocking: {text}" for text in found["exhaustive_missed"]],
        ]
    )


_AS_OF = __import__("datetime").date(2026, 11, 1)
