"""An assessment in the reader's language: the engine's codes and params worded at the face.

The engine (pure, no Django) says what it found as a `code` with `params`; this module words each
finding and risk factor with gettext in the active language, with the country names of that
language and the site's one date format (Y-m-d), and picks the reader's language of the pack's
texts (tier label, device guidance, briefing). A stored snapshot renders the same way; a code
this module does not know, or a snapshot from before params existed, keeps the English it was
stored with.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sojourn.people.models import Position, Sector
from sojourn.policy import Assessment, Text, country_name, shipped_pack, shipped_pack_ids, text_of
from sojourn.trips.funding_wording import FUNDING_FINDINGS
from sojourn.trips.labels import code_label

Params = Mapping[str, Any]


def shown(snapshot: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The snapshot (`Assessment.to_dict()`, fresh or stored) with every text in the active
    language: findings' and factors' `message`, `tier_label`, `device_guidance`, `briefing_text`."""
    if not snapshot:
        return None
    data = Assessment.from_dict(snapshot).to_dict()
    for finding in data["findings"]:
        finding["message"] = finding_message(finding)
    for factor in data["risk"]["factors"]:
        factor["message"] = factor_message(factor)
    data["tier_label"] = tier_label(data.get("tier"), data.get("tier_label"))
    for key in ("device_guidance", "briefing_text"):
        data[key] = _text(data.get(key)) or None
    return data


def finding_message(finding: Mapping[str, Any]) -> str:
    return _worded(FINDINGS, finding)


def factor_message(factor: Mapping[str, Any]) -> str:
    return _worded(FACTORS, {**factor, "params": {**factor.get("params", {}), **factor}})


SYSTEM_COMMENT = re.compile(r"^Decided by policy (?P<policy>\S+): route (?P<route>[a-z_]+)\.$")


def review_comment(step: str, comment: str) -> str:
    """A review's comment; the one the policy writes on an automatic outcome, in the reader's
    language."""
    found = SYSTEM_COMMENT.match(comment) if step == "system" else None
    if found is None:
        return comment
    return _("Decided by policy %(policy)s: %(route)s.") % {
        "policy": found["policy"],
        "route": code_label(found["route"], "route"),
    }


def tier_label(name: object, label: object = None, *, language: str | None = None) -> str:
    """A tier as people call it: the label the assessment carries, else the one a shipped pack
    gives a tier of that name, else the name itself. In `language`, by default the active one
    (a list of many rows looks it up once)."""
    text = _stored_text(label) or (_shipped_labels().get(str(name)) if name else None)
    if text is not None:
        return text.in_language(language or translation.get_language())
    return str(name or "").replace("_", " ")


def _worded(words: Mapping[str, Callable[[Params], str]], item: Mapping[str, Any]) -> str:
    stored = str(item.get("message") or "")
    word = words.get(str(item.get("code") or ""))
    params = item.get("params")
    if word is None or not params:
        return stored
    try:
        return word(params)
    except (KeyError, TypeError, ValueError):  # a snapshot older than these params
        return stored


@cache
def _shipped_labels() -> dict[str, Text]:
    labels: dict[str, Text] = {}
    for pack_id in shipped_pack_ids():
        for tier in shipped_pack(pack_id).tiers:
            labels.setdefault(tier.name, tier.label)
    return labels


@cache
def _shipped_texts() -> dict[str, Text]:
    """Every human text of the shipped packs, by its English."""
    texts: dict[str, Text] = {}
    for pack_id in shipped_pack_ids():
        pack = shipped_pack(pack_id)
        found: list[Text | None] = [pack.title, pack.description]
        for tier in pack.tiers:
            found += [tier.label, tier.device_guidance, tier.briefing_text]
        texts.update({text.en: text for text in found if text is not None and text.zh_hans})
    return texts


def _stored_text(value: object) -> Text | None:
    """A text a snapshot stores. One stored in English alone, from before its shipped pack
    wrote it in Chinese too, takes the languages the shipped pack now gives the same English."""
    text = text_of(value)
    if text is None or text.zh_hans:
        return text
    return _shipped_texts().get(text.en, text)


def _text(value: object) -> str:
    text = _stored_text(value)
    return text.in_language(translation.get_language()) if text is not None else ""


def _date(value: str) -> str:
    """A day as the whole site writes it, in every language: 2026-05-20 (never the language's
    long form, 2026年5月20日, beside pages that write Y-m-d)."""
    return datetime.date.fromisoformat(value).isoformat()


def _country(code: str) -> str:
    return _("%(name)s (%(code)s)") % {
        "name": country_name(code, translation.get_language() or "en"),
        "code": code,
    }


def _tier(params: Params) -> str:
    return tier_label(params["tier"], params.get("tier_label"))


def _legs(legs: Sequence[Mapping[str, Any]]) -> str:
    return _("; ").join(_leg(leg) for leg in legs)


def _leg(leg: Mapping[str, Any]) -> str:
    place = _country(leg["country"])
    if leg.get("city"):
        place = _("%(country)s, %(city)s") % {"country": place, "city": leg["city"]}
    if leg["starts_on"] == leg["ends_on"]:
        span = _("on %(date)s") % {"date": _date(leg["starts_on"])}
    else:
        span = _("%(start)s to %(end)s") % {
            "start": _date(leg["starts_on"]),
            "end": _date(leg["ends_on"]),
        }
    if leg.get("transit"):
        return _("%(place)s %(span)s (transit)") % {"place": place, "span": span}
    return _("%(place)s %(span)s") % {"place": place, "span": span}


def _labels(codes: Sequence[str], choices: Any) -> str:
    named = dict(choices.choices)
    return _(", ").join(str(named.get(code, code)) for code in codes) or _("none")


def travel_hold(p: Params) -> str:
    return _(
        "Travel by this person is on hold until %(hold_until)s (%(reason)s); %(legs)s would "
        "start before the hold ends."
    ) % {"hold_until": _date(p["hold_until"]), "reason": p["reason"], "legs": _legs(p["legs"])}


def prohibited_destination(p: Params) -> str:
    if p.get("advisory"):
        return _(
            "Advisory %(advisory)s prohibits travel to %(country)s from %(starts_on)s to "
            "%(ends_on)s; %(legs)s falls in that window."
        ) % {
            "advisory": p["advisory"],
            "country": _country(p["country"]),
            "starts_on": _date(p["starts_on"]),
            "ends_on": _date(p["ends_on"]),
            "legs": _legs(p["legs"]),
        }
    return _(
        "Travel to %(country)s is prohibited: it is in tier “%(tier)s”, whose travel is prohibited."
    ) % {"country": _country(p["country"]), "tier": _tier(p)}


def advisory_in_force(p: Params) -> str:
    words = {
        "advisory": p["advisory"],
        "starts_on": _date(p["starts_on"]),
        "ends_on": _date(p["ends_on"]),
        "legs": _legs(p["legs"]),
    }
    if p["effect"] == "prohibit":
        message = _(
            "Advisory %(advisory)s is in force from %(starts_on)s to %(ends_on)s and covers "
            "%(legs)s: travel there is prohibited."
        )
    else:
        words["tier"] = _tier(p)
        message = _(
            "Advisory %(advisory)s is in force from %(starts_on)s to %(ends_on)s and covers "
            "%(legs)s: legs there are treated as tier “%(tier)s” at least."
        )
    text = str(p.get("text") or "")
    return f"{message % words} {text}".strip()


def necessity_missing(p: Params) -> str:
    missing = set(p["missing"])
    if missing >= {"necessity", "alternatives"}:
        message = _(
            "Travel in tier “%(tier)s” is discouraged: it may go ahead only if it is necessary. "
            "Explain why the trip is necessary and which alternatives (such as attending "
            "remotely) were considered."
        )
    elif "necessity" in missing:
        message = _(
            "Travel in tier “%(tier)s” is discouraged: it may go ahead only if it is necessary. "
            "Explain why the trip is necessary."
        )
    else:
        message = _(
            "Travel in tier “%(tier)s” is discouraged: it may go ahead only if it is necessary. "
            "Explain which alternatives (such as attending remotely) were considered."
        )
    return message % {"tier": _tier(p)}


def transit_restricted(p: Params) -> str:
    return _(
        "A layover is exposure too: %(legs)s falls in tier “%(tier)s”, stricter than any place "
        "the trip stays, so the whole trip takes tier “%(tier)s”."
    ) % {"legs": _legs(p["legs"]), "tier": _tier(p)}


def late_report(p: Params) -> str:
    if p.get("after_departure"):  # emergency travel: the lifecycle adds it, not the engine
        return _("Reported after departure (emergency travel).")
    days = int(p["days"])
    if p["business_days"]:
        notice = ngettext("%(days)d business day", "%(days)d business days", days)
    else:
        notice = ngettext("%(days)d day", "%(days)d days", days)
    return _(
        "Reported on %(reported_on)s, after the last day to report (%(report_by)s): tier "
        "“%(tier)s” asks for %(notice)s of notice before departure on %(departs_on)s."
    ) % {
        "reported_on": _date(p["reported_on"]),
        "report_by": _date(p["report_by"]),
        "tier": _tier(p),
        "notice": notice % {"days": days},
        "departs_on": _date(p["departs_on"]),
    }


def listed_party(p: Params) -> str:
    return _(
        "A name of this trip (%(field)s) matches “%(alias)s” (score %(score)s of 100): entry "
        "%(entry_id)s, %(entry_name)s, of the list %(list_id)s as of %(as_of)s. Check who it is "
        "before approving."
    ) % {
        "field": p["field"],
        "alias": p["alias"],
        "score": f"{float(p['score']):.0f}",
        "entry_id": p["entry_id"],
        "entry_name": p["entry_name"],
        "list_id": p["list_id"],
        "as_of": _date(p["as_of"]),
    }


def not_covered(p: Params) -> str:
    reasons = {
        "sectors": lambda: (
            _("the traveller's sectors (%(sectors)s) are not among those it covers")
            % {"sectors": _labels(p["sectors"], Sector)}
        ),
        "positions": lambda: (
            _("the traveller's position (%(positions)s) is not one it covers")
            % {"positions": _labels(p["positions"], Position)}
        ),
        "domestic": lambda: _("travel within the home country is not covered"),
        "no_tier": lambda: _("no destination of the trip is in any of its tiers"),
    }
    return _("This trip is not covered by %(title)s: %(reason)s.") % {
        "title": _text(p["title"]),
        "reason": reasons[p["reason"]](),
    }


FINDINGS: dict[str, Callable[[Params], str]] = {
    "travel_hold": travel_hold,
    "prohibited_destination": prohibited_destination,
    "advisory_in_force": advisory_in_force,
    "necessity_missing": necessity_missing,
    "transit_restricted": transit_restricted,
    "late_report": late_report,
    "listed_party": listed_party,
    "not_covered": not_covered,
    **FUNDING_FINDINGS,
}


def _counts(p: Params) -> dict[str, Any]:
    return {
        "count": int(p["count"]),
        "points": int(p["points"]),
        **({"tier": _tier(p)} if "tier" in p else {}),
    }


FACTORS: dict[str, Callable[[Params], str]] = {
    "tier": lambda p: _("tier “%(tier)s”: +%(points)d") % {"tier": _tier(p), "points": p["points"]},
    "transit_legs": lambda p: (
        ngettext(
            "%(count)d transit leg: +%(points)d", "%(count)d transit legs: +%(points)d", p["count"]
        )
        % _counts(p)
    ),
    "blocker_findings": lambda p: (
        ngettext(
            "%(count)d blocker finding: +%(points)d",
            "%(count)d blocker findings: +%(points)d",
            p["count"],
        )
        % _counts(p)
    ),
    "warning_findings": lambda p: (
        ngettext(
            "%(count)d warning finding: +%(points)d",
            "%(count)d warning findings: +%(points)d",
            p["count"],
        )
        % _counts(p)
    ),
    "sensitive_meetings": lambda p: (
        ngettext(
            "%(count)d meeting with counterparts from tier “%(tier)s”: +%(points)d",
            "%(count)d meetings with counterparts from tier “%(tier)s”: +%(points)d",
            p["count"],
        )
        % _counts(p)
    ),
    "days_abroad": lambda p: (
        ngettext(
            "%(count)d day abroad: +%(points)d", "%(count)d days abroad: +%(points)d", p["count"]
        )
        % _counts(p)
    ),
    "foreign_countries": lambda p: (
        ngettext(
            "%(count)d foreign country: +%(points)d",
            "%(count)d foreign countries: +%(points)d",
            p["count"],
        )
        % _counts(p)
    ),
}
