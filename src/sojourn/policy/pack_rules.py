"""A pack's rules apart from its words: whether two versions of one document differ only in the
human texts (titles, descriptions, tier labels, guidance, briefing, a funding rule's reason)
people read.

A shipped pack may gain a language, or a better sentence, without a new version number: its
rules are what trips were assessed under, and they did not change. The registry refreshes such
a version's texts in place; any other change needs a new version.
"""

from __future__ import annotations

from typing import Any

from sojourn.policy.yamldoc import read

PACK_TEXTS = ("title", "description")
TIER_TEXTS = ("label", "device_guidance", "briefing_text")
GROUP_TEXTS = ("description",)
FUNDING_TEXTS = ("reason",)


def rules_of(text: str) -> dict[str, Any] | None:
    """The pack document without its human texts (None when it is no readable mapping)."""
    data = read(text).data
    if not isinstance(data, dict):
        return None
    rules: dict[str, Any] = _without(data, PACK_TEXTS)
    if isinstance(data.get("tiers"), dict):  # in order: the first tier is the strictest
        rules["tiers"] = [(name, _without(t, TIER_TEXTS)) for name, t in data["tiers"].items()]
    if isinstance(data.get("groups"), dict):
        rules["groups"] = {name: _without(g, GROUP_TEXTS) for name, g in data["groups"].items()}
    funding = data.get("funding")
    if isinstance(funding, dict) and isinstance(funding.get("prohibited"), list):
        prohibited = [_without(rule, FUNDING_TEXTS) for rule in funding["prohibited"]]
        rules["funding"] = {**funding, "prohibited": prohibited}
    return rules


def same_rules(old: str, new: str) -> bool:
    """Two readable pack documents that differ at most in their human texts."""
    rules = rules_of(old)
    return rules is not None and rules == rules_of(new)


def _without(part: object, keys: tuple[str, ...]) -> Any:
    if not isinstance(part, dict):
        return part
    return {key: value for key, value in part.items() if key not in keys}
