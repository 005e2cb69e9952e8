"""Screening names against the lists' newest snapshots: what an assessment is told, set-wise.

`listed_parties` is the screen `trips.screens` asks (registered in ScreeningConfig.ready): for
each (organisation, names) it answers the names found on a list at the list's threshold or above,
leaving out what an officer of that organisation dismissed for that entry, unchanged, and that
name. The index of the newest snapshots is built once per process and rebuilt when a snapshot
or a threshold changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sojourn.names import Kind, normalise
from sojourn.policy import ListedParty
from sojourn.screening.matching import Found, Listed, Screener
from sojourn.screening.models import Dismissal, Hit, ListEntry, ListSnapshot
from sojourn.trips.screens import Named

_cache: dict[tuple[tuple[int, str, int], ...], Screener] = {}


def newest_snapshots() -> list[ListSnapshot]:
    """Each list's snapshot with the latest as-of date (the later import on the same date)."""
    newest: dict[int, ListSnapshot] = {}
    for snapshot in ListSnapshot.objects.select_related("screening_list").order_by(
        "screening_list_id", "-as_of", "-id"
    ):
        newest.setdefault(snapshot.screening_list_id, snapshot)
    return list(newest.values())


def screener() -> Screener:
    snapshots = newest_snapshots()
    key = tuple((s.pk, s.sha256, s.screening_list.threshold) for s in snapshots)
    if key not in _cache:
        _cache.clear()
        _cache[key] = Screener(_listed(snapshots))
    return _cache[key]


def _listed(snapshots: Sequence[ListSnapshot]) -> Iterable[Listed]:
    by_id = {snapshot.pk: snapshot for snapshot in snapshots}
    rows = ListEntry.objects.filter(snapshot__in=snapshots).values_list(
        "pk", "snapshot_id", "entry_id", "name", "aliases", "kind", "fingerprint"
    )
    for pk, snapshot_id, entry_id, name, aliases, kind, fingerprint in rows.iterator(2000):
        snapshot = by_id[snapshot_id]
        yield Listed(
            pk=pk,
            list_id=snapshot.screening_list.list_id,
            entry_id=entry_id,
            name=name,
            aliases=tuple(aliases),
            kind=kind,
            threshold=snapshot.screening_list.threshold,
            as_of=snapshot.as_of,
            fingerprint=fingerprint,
        )


def subject_of(named: Named) -> str:
    """What a dismissal is remembered for: the name's matching form, with what it names."""
    return f"{named.kind}:{normalise(named.text, Kind(named.kind))}"


@dataclass(frozen=True)
class NamedFound:
    organisation_id: int
    named: Named
    found: Found
    subject: str


def found_in(
    subjects: Sequence[tuple[int, Sequence[Named]]],
    remembered_as: Sequence[str | None] | None = None,
) -> list[list[NamedFound]]:
    """For each (organisation id, names): every match not dismissed, in the names' order. A
    dismissal is remembered for each name's matching form, or for what `remembered_as` gives
    (a contact, whichever of its names matched)."""
    index = screener()
    as_given = remembered_as or [None] * len(subjects)
    answers = [
        [
            NamedFound(organisation_id, named, found, given or subject_of(named))
            for named in names
            for found in index.screen(named.text, Kind(named.kind))
        ]
        for (organisation_id, names), given in zip(subjects, as_given, strict=True)
    ]
    if not any(answers):
        return answers
    dismissed = _dismissed({organisation_id for organisation_id, _ in subjects})
    return [[f for f in answer if _key(f) not in dismissed] for answer in answers]


def _key(item: NamedFound) -> tuple[int, str, str, str, str]:
    entry = item.found.entry
    return (
        item.organisation_id,
        entry.list_id,
        entry.entry_id,
        entry.fingerprint,
        item.subject,
    )


def _dismissed(organisation_ids: set[int]) -> set[tuple[int, str, str, str, str]]:
    rows = Dismissal.objects.filter(organisation_id__in=organisation_ids).values_list(
        "organisation_id", "screening_list__list_id", "entry_id", "fingerprint", "subject"
    )
    return set(rows)


def listed_parties(
    subjects: Sequence[tuple[int, Sequence[Named]]],
) -> list[tuple[ListedParty, ...]]:
    return [tuple(_party(item) for item in answer) for answer in found_in(subjects)]


def _party(item: NamedFound) -> ListedParty:
    entry = item.found.entry
    return ListedParty(
        field=item.named.field,
        list_id=entry.list_id,
        entry_id=entry.entry_id,
        entry_name=entry.name,
        alias=item.found.alias,
        score=item.found.score,
        as_of=entry.as_of,
    )


def undismissed(hits: Iterable[Hit]) -> list[Hit]:
    """The hits among these that no officer dismissed for their entry (unchanged) and subject:
    the open hits. Each hit's entry, snapshot and list are read (select_related them)."""
    listed = list(hits)
    if not listed:
        return []
    dismissed = _dismissed({hit.organisation_id for hit in listed})
    return [
        hit
        for hit in listed
        if (
            hit.organisation_id,
            hit.entry.snapshot.screening_list.list_id,
            hit.entry.entry_id,
            hit.entry.fingerprint,
            hit.subject,
        )
        not in dismissed
    ]


def flagged(contact_ids: Iterable[int]) -> set[int]:
    """The contacts among these with a hit no officer dismissed: the flag a contact carries."""
    hits = Hit.objects.filter(contact_id__in=list(contact_ids)).select_related(
        "entry__snapshot__screening_list"
    )
    return {hit.contact_id for hit in undismissed(hits) if hit.contact_id is not None}
