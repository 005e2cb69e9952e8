"""What apps above the register add to its pages, without the register importing them.

The register sits below screening (and the review pages), yet its list shows a contact's flags
(an open screening hit) and its contact page shows sections those apps own (the hits, the
merges, the suggestions). Each registers here at start-up, in its AppConfig.ready:

- a **flag**: a code, its label, and a function that answers which contacts of a queryset carry
  it (set-wise: one call per page of the register, or per export);
- a **part** of the contact page: a function of the contact and the viewer that answers the
  template and context of a section, or None when the viewer is not to see it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.functional import Promise

from sojourn.contacts.models import Contact

Flagger = Callable[[QuerySet[Contact]], set[int]]


@dataclass(frozen=True)
class Flag:
    code: str
    label: Promise
    among: Flagger


@dataclass(frozen=True)
class Part:
    """A section of the contact page: a template, rendered with this context (plus `contact`)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


PartMaker = Callable[[Contact, User], Part | None]
_flags: dict[str, Flag] = {}
_parts: dict[str, PartMaker] = {}


def add_flag(code: str, label: Promise, among: Flagger) -> None:
    """Register a flag (again under the same code: replaced)."""
    _flags[code] = Flag(code, label, among)


def add_part(name: str, maker: PartMaker) -> None:
    """Register a section of the contact page, shown in the order registered."""
    _parts[name] = maker


def flags() -> list[Flag]:
    return list(_flags.values())


def flags_of(contacts: QuerySet[Contact]) -> dict[int, list[Flag]]:
    """Each contact of `contacts` with a flag, and its flags in the order registered."""
    found: dict[int, list[Flag]] = {}
    for flag in _flags.values():
        for contact_id in flag.among(contacts):
            found.setdefault(contact_id, []).append(flag)
    return found


def flagged_ids(contacts: QuerySet[Contact]) -> set[int]:
    """The contacts of `contacts` that carry any flag."""
    return set(flags_of(contacts))


def parts_of(contact: Contact, viewer: User) -> list[Part]:
    return [part for maker in _parts.values() if (part := maker(contact, viewer)) is not None]
