"""Country groups: sets of ISO codes built from codes, `@GROUP` references and exclusions.

The built-in groups live in `data/country_groups.yaml` with their sources and review dates; packs
define more on top of them. Resolution happens once (when the data or a pack loads) into
frozensets, so assessing a trip never walks a reference.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from sojourn.policy.countries import country_problem

REF = "@"


class GroupError(ValueError):
    """A group definition or reference that cannot be resolved; the message says which and why."""


@dataclass(frozen=True)
class CountryGroup:
    name: str
    title: str
    members: frozenset[str]
    declared: tuple[str, ...]
    source: str
    as_of: datetime.date


@dataclass(frozen=True)
class Definition:
    """A group as written: what it includes and what it takes out again."""

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    def refs(self) -> set[str]:
        return {item[1:] for item in (*self.include, *self.exclude) if item.startswith(REF)}


def find_cycle(definitions: Mapping[str, Definition]) -> list[str] | None:
    """The first reference cycle among `definitions` (['A', 'B', 'A']), or None."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done or name not in definitions:
            return None
        for ref in sorted(definitions[name].refs()):
            cycle = visit(ref, [*path, name])
            if cycle:
                return cycle
        done.add(name)
        return None

    for name in definitions:
        cycle = visit(name, [])
        if cycle:
            return cycle
    return None


def resolve_groups(
    definitions: Mapping[str, Definition], base: Mapping[str, frozenset[str]] | None = None
) -> dict[str, frozenset[str]]:
    """Every group in `definitions` as a set of codes; references may name `base` groups too."""
    known = dict(base or {})
    cycle = find_cycle(definitions)
    if cycle:
        raise GroupError(f"groups refer to each other in a cycle: {' → '.join(cycle)}")
    resolved: dict[str, frozenset[str]] = {}

    def resolve(name: str) -> frozenset[str]:
        if name not in resolved:
            definition = definitions[name]
            for ref in _local(definition, definitions):
                resolve(ref)
            lookup = {**known, **resolved}
            included = expand(definition.include, lookup, context=f"group {name}")
            excluded = expand(definition.exclude, lookup, context=f"group {name}")
            resolved[name] = included - excluded
        return resolved[name]

    for name in definitions:
        resolve(name)
    return resolved


def _local(definition: Definition, definitions: Mapping[str, Definition]) -> list[str]:
    return sorted(ref for ref in definition.refs() if ref in definitions)


def expand(
    items: Iterable[str], groups: Mapping[str, frozenset[str]], *, context: str = "destinations"
) -> frozenset[str]:
    """Codes and `@GROUP` references as one set of codes; an unknown one raises GroupError."""
    codes: set[str] = set()
    for item in items:
        if item.startswith(REF):
            members = groups.get(item[1:])
            if members is None:
                raise GroupError(f"{context}: {unknown_group(item, groups)}")
            codes |= members
            continue
        problem = country_problem(item)
        if problem:
            raise GroupError(f"{context}: {problem}")
        codes.add(item)
    return frozenset(codes)


def unknown_group(ref: str, known: Iterable[str]) -> str:
    names = ", ".join(f"@{name}" for name in sorted(known))
    return f"unknown group '{ref}'; known groups: {names}"


@cache
def builtin_groups() -> Mapping[str, CountryGroup]:
    """The groups of `data/country_groups.yaml`, resolved; loaded once."""
    text = resources.files("sojourn.policy").joinpath("data/country_groups.yaml").read_text("utf-8")
    return parse_groups_file(text)


@cache
def builtin_members() -> Mapping[str, frozenset[str]]:
    return {name: group.members for name, group in builtin_groups().items()}


def expand_destinations(items: Iterable[str]) -> frozenset[str]:
    """Codes and built-in `@GROUP` refs as codes: how a directive's destinations are checked."""
    return expand(items, builtin_members(), context="destinations")


def parse_groups_file(text: str) -> dict[str, CountryGroup]:
    document = yaml.safe_load(text)
    entries = document.get("groups") if isinstance(document, dict) else None
    if not isinstance(entries, dict):
        raise GroupError("the groups file needs a top-level 'groups' mapping")
    definitions = {
        name: Definition(tuple(_strings(entry, name))) for name, entry in entries.items()
    }
    members = resolve_groups(definitions)
    return {
        name: CountryGroup(
            name=name,
            title=_text(entry, name, "title"),
            members=members[name],
            declared=definitions[name].include,
            source=_text(entry, name, "source"),
            as_of=_date(entry, name),
        )
        for name, entry in entries.items()
    }


def _strings(entry: Any, name: str) -> Sequence[str]:
    members = entry.get("members") if isinstance(entry, dict) else None
    if not isinstance(members, list) or not all(isinstance(item, str) for item in members):
        raise GroupError(f"group {name}: 'members' must be a list of codes and @GROUP references")
    return members


def _text(entry: dict[str, Any], name: str, key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GroupError(f"group {name}: '{key}' must be a non-empty text")
    return value.strip()


def _date(entry: dict[str, Any], name: str) -> datetime.date:
    value = entry.get("as_of")
    if not isinstance(value, datetime.date):
        raise GroupError(f"group {name}: 'as_of' must be a date (YYYY-MM-DD)")
    return value
