"""Checks on a pack that span more than one value: references, codes, approval chains.

They read the raw document and skip whatever has the wrong shape (the schema reports that), so
one load lists the schema's problems and these together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sojourn.policy.countries import country_problem
from sojourn.policy.groups import REF, Definition, find_cycle, unknown_group
from sojourn.policy.problems import Path

Found = list[tuple[Path, str]]
EVERYWHERE = "*"


def check(data: Any, builtin: Mapping[str, frozenset[str]]) -> Found:
    if not isinstance(data, dict):
        return []
    groups = _mapping(data.get("groups"))
    known = set(builtin) | {name for name in groups if isinstance(name, str)}
    found: Found = []
    found += _check_groups(groups, builtin, known)
    for name, tier in _mapping(data.get("tiers")).items():
        if isinstance(tier, dict):
            found += _check_tier(("tiers", name), tier, known)
    prohibited = _mapping(data.get("funding")).get("prohibited")
    for index, rule in enumerate(prohibited if isinstance(prohibited, list) else []):
        if isinstance(rule, dict):
            path = ("funding", "prohibited", index, "payer_countries")
            found += _check_places(path, rule.get("payer_countries"), known, everywhere=False)
    return found


def _check_groups(groups: dict[Any, Any], builtin: Mapping[str, Any], known: set[str]) -> Found:
    found: Found = []
    definitions: dict[str, Definition] = {}
    for name, entry in groups.items():
        if name in builtin:
            message = f"'{name}' is already a built-in group; give this group another name"
            found.append((("groups", name), message))
        if not isinstance(entry, dict):
            continue
        lists = {key: entry.get(key) for key in ("include", "exclude")}
        for key, items in lists.items():
            found += _check_places(("groups", name, key), items, known, everywhere=False)
        definitions[str(name)] = Definition(*(_strings(items) for items in lists.values()))
    cycle = find_cycle(definitions)
    if cycle:
        chain = " → ".join(f"@{name}" for name in cycle)
        found.append((("groups", cycle[0]), f"groups refer to each other in a cycle: {chain}"))
    return found


def _check_tier(path: Path, tier: dict[str, Any], known: set[str]) -> Found:
    found = _check_places((*path, "destinations"), tier.get("destinations"), known, everywhere=True)
    travel = tier.get("travel")
    approvals = tier.get("approvals")
    if isinstance(approvals, list):
        if not approvals and travel != "prohibited":
            found.append(
                (
                    (*path, "approvals"),
                    "needs at least one approval step: a trip with a finding goes to review "
                    "(only a tier whose travel is prohibited may leave the list empty)",
                )
            )
        for index, step in enumerate(approvals):
            if step in approvals[:index]:
                message = f"step '{step}' appears twice in the approval chain"
                found.append(((*path, "approvals", index), message))
    if tier.get("auto_approve") is True and travel in ("discouraged", "prohibited"):
        message = f"auto_approve needs travel: allowed; {travel} travel is always reviewed"
        found.append(((*path, "auto_approve"), message))
    return found


def _check_places(path: Path, items: Any, known: set[str], *, everywhere: bool) -> Found:
    if not isinstance(items, list):
        return []
    found: Found = []
    for index, item in enumerate(items):
        if not isinstance(item, str):
            continue
        message = _place_problem(item, known, everywhere=everywhere)
        if message is None and item == EVERYWHERE and len(items) > 1:
            message = "'*' already means every foreign country: list it alone"
        if message:
            found.append(((*path, index), message))
    return found


def _place_problem(item: str, known: set[str], *, everywhere: bool) -> str | None:
    if item == EVERYWHERE:
        return None if everywhere else "'*' is only allowed in a tier's destinations"
    if item.startswith(REF):
        return None if item[1:] in known else unknown_group(item, known)
    return country_problem(item)


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _strings(items: Any) -> tuple[str, ...]:
    return tuple(item for item in items if isinstance(item, str)) if isinstance(items, list) else ()
