"""One new sighting matched against a large register (issue 16: p95 under 50 ms at 1,000,000
contacts on PostgreSQL).

The register is loaded set-wise, the way `sojourn synth` writes a world (its writers: COPY on
PostgreSQL, `executemany` on SQLite, secondary indexes and foreign keys dropped during the load
and built again after it, in one transaction): one organisation per 5,000 contacts, each with 20
organisation contacts (affiliations); every person contact has its name as its one alias and the
alias's blocking keys, computed with the register's own functions (`register.parsed`,
`register.key_fingerprints`) once per distinct name, and its name sealed as the model seals it.
Names: 60 % Chinese (surnames weighted as common surnames are: the first few are each far more
frequent than the last), the rest Western. The load's time is printed beside a bare bulk write
of as many plain rows (scalebench.baseline).

Then, after a warm-up, each of SAMPLE new sightings (half of them another writing of a contact
in the register, half new people) is matched as `record_sighting` matches a new one: its strong
identifier looked up in its register, its affiliation's organisation contact found by name, and
its name scored against the contacts sharing a blocking key in its own register and in every
other one (`sojourn.contacts.matching`). Each match is timed on its own; p50 / p95 / max.
`record_sighting` itself (with its writes, audit events and correlation check) is timed too, on
a smaller sample, each inside a transaction rolled back, so the register is unchanged.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator
from typing import Any

from benchkit.timing import percentile

from contactsbench.people import HAN_GIVEN, HAN_SURNAMES, PLACES, Person, western, written

NOW = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)
PER_ORGANISATION = 5_000
AFFILIATIONS = 20
BATCH = 20_000
SAMPLE = 300
RECORDED = 60
WARM_UP = 20
CHINESE_SHARE = 0.6


def refuse_unless_empty() -> None:
    """Never write a benchmark world into a database that holds anyone's data."""
    from django.db import connection

    from sojourn.people.models import Organisation

    if "people_organisation" not in connection.introspection.table_names():
        return
    if Organisation.objects.exists():
        raise SystemExit(
            "refusing to run: the database already has organisations. bench/contacts.py builds "
            "its own; give it an empty database (make bench does)."
        )


class Names:
    """Seeded names at speed: pinyin per character is read once, surnames weighted."""

    def __init__(self, rng: random.Random) -> None:
        from pypinyin import Style, lazy_pinyin

        self.rng = rng
        self.pinyin = {c: lazy_pinyin(c, style=Style.NORMAL)[0] for c in HAN_SURNAMES + HAN_GIVEN}
        # Common surnames are far more common: weight 1/rank^0.8 (the first three about 15 %).
        self.weights = [1 / (rank + 1) ** 0.8 for rank in range(len(HAN_SURNAMES))]

    def person(self) -> tuple[str, str]:
        """A name as first written, and its Han writing ("" for a Western name)."""
        rng = self.rng
        if rng.random() >= CHINESE_SHARE:
            return written(western(rng), "first", rng), ""
        surname = rng.choices(HAN_SURNAMES, self.weights)[0]
        given = "".join(rng.choice(HAN_GIVEN) for _ in range(1 if rng.random() < 0.35 else 2))
        latin = "".join(self.pinyin[c] for c in given).capitalize()
        return f"{self.pinyin[surname].capitalize()} {latin}", surname + given


def run(count: int, *, seed: int) -> dict[str, Any]:
    from scalebench.baseline import bare_write

    loaded = load(count, seed=seed)
    loaded["bare_seconds"] = round(bare_write(loaded["rows"]), 2)
    return loaded | measure(loaded, seed=seed)


def load(count: int, *, seed: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from sojourn.contacts.models import Alias, BlockKey, Contact
    from sojourn.synth import writers
    from sojourn.synth.tables import Table

    contacts = Table(
        Contact,
        (
            *("id", "organisation_id", "kind", "name", "affiliation_id", "country", "notes"),
            *("merged_into_id", "cluster_id", "created_at"),
        ),
    )
    aliases = Table(Alias, ("id", "contact_id", "name"))
    keys = Table(BlockKey, ("id", "alias_id", "organisation_id", "key"))
    tables = [contacts, aliases, keys]
    organisations = _organisations(max(1, count // PER_ORGANISATION))
    started = time.perf_counter()
    rows = _Rows(organisations, random.Random(seed))  # noqa: S311 - synthetic, seeded
    with transaction.atomic():
        writers.prepare(connection)
        with (
            writers.deferred_indexes(connection, tables),
            writers.BackgroundWriter(writers.sink_for(connection)) as writer,
        ):
            for batch in rows.batches(count):
                writer.write(list(zip(tables, batch, strict=True)))
        writers.reset_sequences(connection, tables)
    seconds = time.perf_counter() - started
    writers.analyze(connection, tables)
    return {
        "contacts": count,
        "organisations": len(organisations),
        "rows": sum(writer.rows.values()),
        "rows_per_table": dict(writer.rows),
        "distinct_names": len(rows.cache),
        "load_seconds": round(seconds, 2),
        "writer_seconds": {k: round(v, 2) for k, v in writer.seconds.items()},
        "samples": rows.samples,
    }


def _organisations(count: int) -> list[int]:
    from sojourn.people.models import Organisation

    made = Organisation.objects.bulk_create(
        Organisation(name=f"Bench {n}", slug=f"bench-{n}", sectors=["ai"], home_country="CN")
        for n in range(count)
    )
    return [organisation.pk for organisation in made]


class _Rows:
    """The rows of contacts, aliases and blocking keys, in batches, ids given here."""

    def __init__(self, organisations: list[int], rng: random.Random) -> None:
        from sojourn.contacts.models import Alias, BlockKey, Contact

        self.organisations = organisations
        self.rng = rng
        self.names = Names(rng)
        self.cache: dict[tuple[str, str], list[str]] = {}
        self.ids = [_next_id(model) for model in (Contact, Alias, BlockKey)]
        self.samples: list[dict[str, Any]] = []
        self.created = NOW.strftime("%Y-%m-%d %H:%M:%S")

    def batches(self, count: int) -> Iterator[tuple[list[Any], list[Any], list[Any]]]:
        done = 0
        affiliations: dict[int, list[int]] = {}
        while done < count:
            batch: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
            for _ in range(min(BATCH, count - done)):
                organisation = self.organisations[done // PER_ORGANISATION]
                if organisation not in affiliations:
                    affiliations[organisation] = [
                        self._contact(batch, organisation, "organisation", name, None, "")
                        for name in _affiliation_names(self.rng)
                    ]
                name, han = self.names.person()
                text = han if han and self.rng.random() < 0.1 else name
                affiliation = self.rng.choice(affiliations[organisation])
                pk = self._contact(batch, organisation, "person", text, affiliation, "CN")
                if self.rng.random() < SAMPLE * 2 / count:
                    self.samples.append({"id": pk, "organisation": organisation, "name": name})
                done += 1
            yield batch

    def _contact(
        self,
        batch: tuple[list[Any], list[Any], list[Any]],
        organisation: int,
        kind: str,
        name: str,
        affiliation: int | None,
        country: str,
    ) -> int:
        contact_id, alias_id, key_id = self.ids
        batch[0].append(
            (
                contact_id,
                organisation,
                kind,
                name,
                affiliation,
                country,
                "",
                None,
                None,
                self.created,
            )
        )
        batch[1].append((alias_id, contact_id, name))
        for key in self._keys(name, kind):
            batch[2].append((key_id, alias_id, organisation, key))
            key_id += 1
        self.ids = [contact_id + 1, alias_id + 1, key_id]
        return contact_id

    def _keys(self, name: str, kind: str) -> list[str]:
        from sojourn.contacts.register import key_fingerprints, parsed

        found = self.cache.get((name, kind))
        if found is None:
            found = self.cache[(name, kind)] = key_fingerprints(parsed(name, kind))
        return found


def _affiliation_names(rng: random.Random) -> list[str]:
    from contactsbench.people import KINDS

    return [f"{place} {KINDS[rng.randrange(len(KINDS))][0]}" for place in rng.sample(PLACES, 20)]


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return int(model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def measure(loaded: dict[str, Any], *, seed: int) -> dict[str, Any]:
    rng = random.Random(seed + 1)  # noqa: S311 - reproducible synthetic data
    facts = _sightings(loaded, rng)
    for item in facts[:WARM_UP]:
        match(item)
    durations = sorted(_timed(match, item) for item in facts[WARM_UP:])
    chosen = facts[WARM_UP : WARM_UP + RECORDED]
    for item in chosen:  # their reporters exist before the clock starts
        item["reporter"] = _reporter(item["organisation"])
    recorded = sorted(_timed(record, item) for item in chosen)
    return {
        "timed": len(durations),
        "p50_ms": round(percentile(durations, 0.5) * 1000, 2),
        "p95_ms": round(percentile(durations, 0.95) * 1000, 2),
        "max_ms": round(durations[-1] * 1000, 2),
        "record_sighting_p50_ms": round(percentile(recorded, 0.5) * 1000, 2),
        "record_sighting_p95_ms": round(percentile(recorded, 0.95) * 1000, 2),
        "record_sighting_timed": len(recorded),
    }


def _timed(call: Any, item: Any) -> float:
    started = time.perf_counter()
    call(item)
    return time.perf_counter() - started


def _sightings(loaded: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """Half another writing of a contact of the register, half a new person's name."""
    names = Names(rng)
    samples = loaded["samples"]
    found = []
    for number in range(SAMPLE + WARM_UP):
        known = samples[number % len(samples)]["name"]
        name = _rewritten(known, rng) if number % 2 == 0 else names.person()[0]
        found.append(
            {
                "organisation": rng.choice(samples)["organisation"],
                "name": name,
                "affiliation": f"{rng.choice(PLACES)} University",
                "email": f"bench{number}@example.test",
            }
        )
    return found


def _rewritten(name: str, rng: random.Random) -> str:
    surname, _, given = name.partition(" ")
    person = Person(
        surname=surname,
        given=(given.lower(),),
        accented_surname=surname,
        accented_given=(given.lower(),),
        han="",
        place=0,
        kind=0,
        country="CN",
    )
    return written(person, rng.choice(("order", "comma", "initials", "title", "typo")), rng)


def match(item: dict[str, Any]) -> None:
    """What `record_sighting` reads to match a new sighting (sightings._contact_for, _affiliation
    and _suggest), without its writes."""
    from sojourn.contacts.identifiers import email
    from sojourn.contacts.matching import Facts, by_identifiers, by_name

    organisation = item["organisation"]
    by_identifiers([email(item["email"])], organisation_id=organisation)
    by_name(Facts(item["affiliation"], "organisation"), organisation_id=organisation)
    facts = Facts(item["name"], "person", "CN", item["affiliation"])
    by_name(facts, organisation_id=organisation)
    by_name(facts, organisation_id=organisation, other=True)


def record(item: dict[str, Any]) -> None:
    """`record_sighting` itself, in a transaction rolled back."""
    from django.db import transaction

    from sojourn.contacts.identifiers import email
    from sojourn.contacts.models import SightingSource
    from sojourn.contacts.sightings import SightingInput, record_sighting

    reporter = item["reporter"]
    with transaction.atomic():
        record_sighting(
            SightingInput(
                source=SightingSource.CONTACT_REPORT,
                occurred_on=NOW.date(),
                name=item["name"],
                country="CN",
                affiliation=item["affiliation"],
                identifiers=(email(item["email"]),),
            ),
            reporter=reporter,
            organisation=reporter.person.organisation,
            now=NOW,
        )
        transaction.set_rollback(True)


_reporters: dict[int, Any] = {}


def _reporter(organisation_id: int) -> Any:
    if organisation_id not in _reporters:
        from sojourn.people.models import Organisation
        from sojourn.testing import builders

        _reporters[organisation_id] = builders.traveller(
            f"bx{organisation_id}",
            organisation=Organisation.objects.get(pk=organisation_id),
        )
    return _reporters[organisation_id]


def summary(found: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"register: {found['contacts']:,} person contacts in {found['organisations']:,} "
            f"organisations ({found['rows']:,} rows: {found['rows_per_table']}; "
            f"{found['distinct_names']:,} distinct names) loaded in {found['load_seconds']:.1f} s "
            f"(a bare write of as many plain rows: {found['bare_seconds']:.1f} s; writer "
            f"seconds per table {found['writer_seconds']})",
            f"  one sighting matched, {found['timed']} timed: p50 {found['p50_ms']:.1f} ms, "
            f"p95 {found['p95_ms']:.1f} ms, max {found['max_ms']:.1f} ms; record_sighting "
            f"(writes included, rolled back), {found['record_sighting_timed']} timed: p50 "
            f"{found['record_sighting_p50_ms']:.1f} ms, p95 "
            f"{found['record_sighting_p95_ms']:.1f} ms",
        ]
    )
