"""Which policy is in force: the packs that ship, the versions issued since, and their parsing."""

from __future__ import annotations

import datetime
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sojourn.audit import services as audit
from sojourn.directives.models import AdvisoryEffect, Directive, DirectiveKind, PolicyVersion
from sojourn.people.models import Organisation
from sojourn.policy import (
    Advisory,
    Hold,
    Pack,
    PackError,
    Text,
    load_pack,
    same_rules,
    shipped_pack,
    shipped_pack_ids,
)

log = logging.getLogger(__name__)

PACKS_DIR = Path(__file__).resolve().parents[1] / "policy" / "packs"
# Shipped packs are in force from the beginning of time: nothing predates them.
SHIPPED_EFFECTIVE_FROM = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def register_shipped_packs(**_kwargs: Any) -> None:
    """Record each shipped pack as a policy version (idempotent; runs after every migrate)."""
    for pack_id in shipped_pack_ids():
        pack = shipped_pack(pack_id)
        source = (PACKS_DIR / f"{pack_id}.yaml").read_text()
        stored, created = PolicyVersion.objects.get_or_create(
            pack_id=pack.id,
            version=pack.version,
            defaults={
                "title": pack.title.en,
                "source": source,
                "shipped": True,
                "effective_from": SHIPPED_EFFECTIVE_FROM,
                # Nothing to note: the pages say a shipped version ships, in each language.
                "note": "",
            },
        )
        if not created and stored.source != source:
            _shipped_pack_changed(stored, pack, source)


def _shipped_pack_changed(stored: PolicyVersion, pack: Pack, source: str) -> None:
    """A shipped pack's file differs from the version recorded under its number. New words for
    the same rules (a language added, a sentence mended) replace the recorded ones, audited: the
    trips assessed under that version were assessed under these very rules. Changed rules need
    a new version number; the database keeps what it recorded."""
    if not same_rules(stored.source, source):
        log.warning(
            "Shipped pack %s changed its rules without a new version number; the database keeps "
            "the pack it recorded first. Bump `version` in %s.yaml.",
            pack.ref,
            pack.id,
        )
        return
    with transaction.atomic():
        stored.source = source
        stored.title = pack.title.en
        stored.save(update_fields=["source", "title"])
        audit.record(
            actor=None,
            action="policy.texts_refreshed",
            obj=stored,
            at=timezone.now(),
            data={"policy": pack.ref},
        )
    log.info("Shipped pack %s: its texts were refreshed (its rules are unchanged).", pack.ref)


def pack_id_for(organisation: Organisation) -> str:
    return organisation.policy_pack or settings.SOJOURN_DEFAULT_POLICY


def current_version(pack_id: str, at: datetime.datetime) -> PolicyVersion:
    """The newest version of a pack in force at `at`."""
    version = (
        PolicyVersion.objects.filter(pack_id=pack_id, effective_from__lte=at)
        .order_by("-version")
        .first()
    )
    if version is None:
        register_shipped_packs()
        version = PolicyVersion.objects.filter(pack_id=pack_id).order_by("-version").first()
    if version is None:
        raise LookupError(f"No policy pack {pack_id!r} is known: check SOJOURN_DEFAULT_POLICY.")
    return version


def pack_in_force(organisation: Organisation, at: datetime.datetime) -> Pack:
    """The pack the organisation follows, in its version in force at `at`."""
    return pack_of(current_version(pack_id_for(organisation), at))


@lru_cache(maxsize=64)
def _parsed(pk: int, source: str) -> Pack:
    return load_pack(source, source=f"policy version {pk}")


def pack_of(version: PolicyVersion) -> Pack:
    """A stored version's pack, parsed once per process (stored versions never change)."""
    return _parsed(version.pk, version.source)


def title_of(version: PolicyVersion) -> Text:
    """A version's title in each language, as its pack writes it (the stored `title` is the
    English alone)."""
    try:
        return pack_of(version).title
    except PackError:  # a stored version always loaded once; its title as stored is enough
        return Text(version.title)


def advisories_in_force(at: datetime.datetime) -> list[Advisory]:
    return [
        Advisory(
            id=f"directive:{d.pk}",
            destinations=tuple(d.destinations),
            starts_on=d.starts_on,
            ends_on=d.ends_on,
            effect=d.effect,  # type: ignore[arg-type]
            tier=d.tier or None,
            text=d.text,
        )
        for d in Directive.objects.in_force(at).filter(
            kind=DirectiveKind.ADVISORY, starts_on__isnull=False, ends_on__isnull=False
        )
        if d.starts_on is not None and d.ends_on is not None and d.effect in AdvisoryEffect.values
    ]


def holds_for(user_id: int, at: datetime.datetime) -> list[Hold]:
    return [
        Hold(id=f"directive:{d.pk}", hold_until=d.hold_until, reason=d.text)
        for d in Directive.objects.in_force(at).filter(
            Q(kind=DirectiveKind.HOLD_PERSON), person_id=user_id, hold_until__gte=at.date()
        )
        if d.hold_until is not None
    ]


def holds_by_person(at: datetime.datetime) -> dict[int, list[Hold]]:
    """Every hold in force, by person: one query for a whole run or preview."""
    found: dict[int, list[Hold]] = {}
    for d in Directive.objects.in_force(at).filter(
        kind=DirectiveKind.HOLD_PERSON, hold_until__gte=at.date(), person__isnull=False
    ):
        if d.hold_until is not None and d.person_id is not None:
            found.setdefault(d.person_id, []).append(
                Hold(id=f"directive:{d.pk}", hold_until=d.hold_until, reason=d.text)
            )
    return found
