"""Policy packs: YAML documents, validated strictly, compiled into lookup tables.

A pack document (see `packs/README.md` for the full reference):

    id: seed-sensitive-tech          # lower-case id; the pack's ref is "id@version"
    version: 1                       # whole number ≥ 1
    title: ...
    description: ...                 # optional
    groups:                          # optional: the pack's own country groups
      NAME: {include: [codes, "@GROUP"], exclude: [codes, "@GROUP"], description: ...}
    coverage:
      sectors: [ai, robotics]        # or ["*"]; covered when the traveller's sectors intersect
      positions: [executive, ...]    # or ["*"]; ... and one of their positions is listed
      domestic: false                # false: a trip entirely within the home country is not covered
    tiers:                           # ordered, strictest FIRST; a trip takes its strictest tier
      restricted:
        destinations: ["@US_AND_ALLIES"]   # codes, @GROUP refs, or ["*"] = every foreign country
        travel: discouraged                # allowed | discouraged | prohibited
        advance_notice: {days: 30, business_days: false}
        approvals: [org_security, oversight]
        auto_approve: false                # only ever when the assessment has no finding
        briefing: true
        checkin_hours: 24                  # or null
        debrief: {depth: detailed, days: 5, business_days: true, contacts_required: true}  # or null
        device_guidance: null              # or a text
        risk_weight: 70                    # 0..100, the base of the risk score

Loading does all the work once: groups resolve to frozensets and every country maps to its tier,
so assessing a trip is a few dictionary lookups.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path as FilePath
from typing import overload

from pydantic import ValidationError

from sojourn.policy.countries import ALL_CODES
from sojourn.policy.funding_rules import FundingRules, compile_funding
from sojourn.policy.groups import Definition, builtin_members, expand, resolve_groups
from sojourn.policy.pack_checks import EVERYWHERE, check
from sojourn.policy.pack_errors import problems_from
from sojourn.policy.pack_schema import PackDoc, TextDoc, TierDoc
from sojourn.policy.problems import PackError, Problem
from sojourn.policy.texts import Text
from sojourn.policy.yamldoc import read

__all__ = [
    "Coverage",
    "Debrief",
    "Notice",
    "Pack",
    "PackError",
    "Problem",
    "Retention",
    "Text",
    "Tier",
    "load_pack",
    "load_pack_file",
    "shipped_pack",
    "shipped_pack_ids",
]


@dataclass(frozen=True)
class Notice:
    days: int
    business_days: bool


@dataclass(frozen=True)
class Debrief:
    depth: str
    days: int
    business_days: bool
    contacts_required: bool


@dataclass(frozen=True)
class Tier:
    name: str
    label: Text
    """What people call the tier, in their language ("Restricted", "受限")."""
    rank: int
    """Higher is stricter: the first tier of a pack of n tiers has rank n, the last rank 1."""
    travel: str
    destinations: frozenset[str]
    everywhere: bool
    advance_notice: Notice
    approvals: tuple[str, ...]
    auto_approve: bool
    briefing: bool
    checkin_hours: int | None
    debrief: Debrief | None
    device_guidance: Text | None
    risk_weight: int
    briefing_text: Text | None = None

    @property
    def path(self) -> str:
        return f"tiers.{self.name}"


@dataclass(frozen=True)
class Coverage:
    sectors: frozenset[str]
    positions: frozenset[str]
    domestic: bool

    def any_sector(self, sectors: tuple[str, ...]) -> bool:
        return EVERYWHERE in self.sectors or not self.sectors.isdisjoint(sectors)

    def any_position(self, positions: tuple[str, ...]) -> bool:
        return EVERYWHERE in self.positions or not self.positions.isdisjoint(positions)


@dataclass(frozen=True)
class Escalation:
    """How long duty of care waits before it escalates."""

    checkin_grace_hours: int = 2
    """After a check-in falls due, before the officers are alerted (a second interval more, and
    oversight too)."""
    debrief_oversight_after_days: int = 5
    """After a debrief is overdue to the officer, before oversight is alerted."""
    late_report_follow_up_days: int = 3
    """The officer's deadline to follow up a trip reported late."""


@dataclass(frozen=True)
class Retention:
    """How long the regime keeps personal data; None follows the deployment's setting."""

    checkin_location_days: int | None = None
    """After a trip closes, before its check-ins keep only their country."""
    notification_days: int | None = None
    """After a notification is delivered, before its words are emptied."""
    debrief_years: int | None = None
    """After a trip closes, before its debrief is anonymised or archived (unless under a legal
    hold)."""
    debrief_disposition: str | None = None
    """What happens to the debrief then: `anonymise` (its texts removed) or `archive` (kept
    whole and sealed, out of the lists)."""


@dataclass(frozen=True)
class ContactReporting:
    """Which categories of contact must be reported, within how many days of the contact."""

    categories: frozenset[str] = frozenset()
    days: int = 5
    business_days: bool = True


@dataclass(frozen=True)
class Correlation:
    """A contact seen by this many distinct travellers, or this many times within the window,
    alerts the officers (and oversight when the travellers are of several organisations)."""

    travellers: int = 2
    sightings: int = 3
    window_days: int = 365


@dataclass(frozen=True, eq=False)
class Pack:
    id: str
    version: int
    title: Text
    description: Text
    coverage: Coverage
    tiers: tuple[Tier, ...]
    groups: Mapping[str, frozenset[str]] = field(repr=False)
    """Every group a destination may name: the built-in ones and the pack's own, resolved."""
    source: str = "<string>"
    escalation: Escalation = field(default_factory=Escalation)
    retention: Retention = field(default_factory=Retention)
    contact_reports: ContactReporting = field(default_factory=ContactReporting)
    correlation: Correlation = field(default_factory=Correlation)
    funding: FundingRules = field(default_factory=FundingRules)
    """Who may pay for what: see `funding_rules`."""
    abroad: Mapping[str, Tier] = field(default_factory=dict, repr=False)
    """The strictest tier of each country for a traveller from elsewhere ('*' included)."""
    listed: Mapping[str, Tier] = field(default_factory=dict, repr=False)
    """The strictest tier that names each country itself: what a domestic leg can match."""
    _expanded: dict[tuple[str, ...], frozenset[str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def tier(self, name: str) -> Tier | None:
        return next((tier for tier in self.tiers if tier.name == name), None)

    def tier_of(self, country: str, home: str) -> Tier | None:
        """The tier of a leg in `country` for a traveller from `home`; None when none applies."""
        if country != home:
            return self.abroad.get(country)
        return self.listed.get(country) if self.coverage.domestic else None

    def expand(self, destinations: tuple[str, ...]) -> frozenset[str]:
        """Codes and @GROUP refs (built-in or the pack's) as codes; raises GroupError if unknown."""
        codes = self._expanded.get(destinations)
        if codes is None:
            codes = self._expanded[destinations] = expand(destinations, self.groups)
        return codes


def load_pack(text: str, *, source: str = "<string>") -> Pack:
    """Validate and compile a pack; PackError lists every problem found."""
    document = read(text)
    if document.problems and document.data is None:
        raise PackError(source, document.problems)
    builtin = builtin_members()
    problems = list(document.problems)
    model: PackDoc | None = None
    if not isinstance(document.data, dict):
        problems.append(
            Problem("", "expected a mapping with keys: " + ", ".join(PackDoc.model_fields))
        )
    else:
        try:
            model = PackDoc.model_validate(document.data)
        except ValidationError as error:
            problems += problems_from(error, document)
    problems += [document.problem(path, message) for path, message in check(document.data, builtin)]
    if problems or model is None:
        raise PackError(source, sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return _compile(model, builtin, source)


def load_pack_file(path: str | FilePath) -> Pack:
    file = FilePath(path)
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(str(file), [Problem("", f"cannot read the file: {error}")]) from error
    return load_pack(text, source=str(file))


def shipped_pack_ids() -> list[str]:
    return sorted(_shipped_texts())


def shipped_pack(pack_id: str) -> Pack:
    """A pack that ships with Sojourn, loaded once; KeyError names the ones there are."""
    texts = _shipped_texts()
    if pack_id not in texts:
        raise KeyError(f"no shipped pack '{pack_id}'; shipped packs: {', '.join(sorted(texts))}")
    return _load_shipped(pack_id)


@cache
def _load_shipped(pack_id: str) -> Pack:
    pack = load_pack(_shipped_texts()[pack_id], source=f"packs/{pack_id}.yaml")
    if pack.id != pack_id:
        problem = Problem("id", f"the pack in packs/{pack_id}.yaml must have id '{pack_id}'")
        raise PackError(f"packs/{pack_id}.yaml", [problem])
    return pack


@cache
def _shipped_texts() -> dict[str, str]:
    folder = resources.files("sojourn.policy").joinpath("packs")
    return {
        entry.name.removesuffix(".yaml"): entry.read_text("utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def _compile(model: PackDoc, builtin: Mapping[str, frozenset[str]], source: str) -> Pack:
    definitions = {
        name: Definition(tuple(group.include), tuple(group.exclude))
        for name, group in model.groups.items()
    }
    groups = {**builtin, **resolve_groups(definitions, builtin)}
    count = len(model.tiers)
    tiers = tuple(
        _tier(name, doc, count - index, groups)
        for index, (name, doc) in enumerate(model.tiers.items())
    )
    abroad: dict[str, Tier] = {}
    listed: dict[str, Tier] = {}
    for tier in tiers:  # strictest first, so the first tier to claim a country keeps it
        for code in tier.destinations:
            listed.setdefault(code, tier)
        for code in ALL_CODES if tier.everywhere else tier.destinations:
            abroad.setdefault(code, tier)
    return Pack(
        id=model.id,
        version=model.version,
        title=_text(model.title),
        description=_text(model.description) or Text(""),
        coverage=Coverage(
            sectors=frozenset(model.coverage.sectors),
            positions=frozenset(model.coverage.positions),
            domestic=model.coverage.domestic,
        ),
        tiers=tiers,
        groups=groups,
        source=source,
        escalation=Escalation(
            checkin_grace_hours=model.escalation.checkin_grace_hours,
            debrief_oversight_after_days=model.escalation.debrief_oversight_after_days,
            late_report_follow_up_days=model.escalation.late_report_follow_up_days,
        ),
        retention=Retention(
            checkin_location_days=model.retention.checkin_location_days,
            notification_days=model.retention.notification_days,
            debrief_years=model.retention.debrief_years,
            debrief_disposition=model.retention.debrief_disposition,
        ),
        contact_reports=ContactReporting(
            categories=frozenset(model.contact_reports.categories),
            days=model.contact_reports.days,
            business_days=model.contact_reports.business_days,
        ),
        correlation=Correlation(
            travellers=model.correlation.travellers,
            sightings=model.correlation.sightings,
            window_days=model.correlation.window_days,
        ),
        funding=compile_funding(model.funding, groups),
        abroad=abroad,
        listed=listed,
    )


def _tier(name: str, doc: TierDoc, rank: int, groups: Mapping[str, frozenset[str]]) -> Tier:
    everywhere = EVERYWHERE in doc.destinations
    places = tuple(item for item in doc.destinations if item != EVERYWHERE)
    debrief = doc.debrief
    return Tier(
        name=name,
        label=_text(doc.label) or Text(name.replace("_", " ")),
        rank=rank,
        travel=doc.travel,
        destinations=expand(places, groups, context=f"tiers.{name}.destinations"),
        everywhere=everywhere,
        advance_notice=Notice(doc.advance_notice.days, doc.advance_notice.business_days),
        approvals=tuple(doc.approvals),
        auto_approve=doc.auto_approve,
        briefing=doc.briefing,
        checkin_hours=doc.checkin_hours,
        debrief=(
            Debrief(debrief.depth, debrief.days, debrief.business_days, debrief.contacts_required)
            if debrief
            else None
        ),
        device_guidance=_text(doc.device_guidance),
        risk_weight=doc.risk_weight,
        briefing_text=_text(doc.briefing_text),
    )


@overload
def _text(doc: TextDoc) -> Text: ...
@overload
def _text(doc: TextDoc | None) -> Text | None: ...
def _text(doc: TextDoc | None) -> Text | None:
    return Text(doc.en, doc.zh_hans or "") if doc is not None else None
