"""The funding findings in the reader's language: who pays for what, and what to do about it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from sojourn.policy import country_name, text_of
from sojourn.trips.models import FundedItem, Payer

Params = Mapping[str, Any]


def _country(code: str) -> str:
    return _("%(name)s (%(code)s)") % {
        "name": country_name(code, translation.get_language() or "en"),
        "code": code,
    }


def funded_row(row: Mapping[str, Any]) -> str:
    """ "Travel paid by Paris AI Forum, France (FR)" or "Gifts (a tablet): nobody"."""
    item = str(dict(FundedItem.choices).get(row["item"], row["item"]))
    if row.get("value"):
        item = _("%(item)s (%(value)s)") % {"item": item, "value": row["value"]}
    if not row.get("payer_country"):
        return _("%(item)s: %(payer)s") % {
            "item": item,
            "payer": dict(Payer.choices).get(row["paid_by"], row["paid_by"]),
        }
    payer = row.get("payer_name") or dict(Payer.choices).get(row["paid_by"], row["paid_by"])
    return _("%(item)s paid by %(payer)s, %(country)s") % {
        "item": item,
        "payer": payer,
        "country": _country(row["payer_country"]),
    }


def _rows(rows: Sequence[Mapping[str, Any]]) -> str:
    return _("; ").join(funded_row(row) for row in rows)


def foreign_sponsorship(p: Params) -> str:
    return _(
        "Paid for from outside %(home)s: %(funding)s. Funding from a host or third party abroad "
        "is sponsorship: the security officer reviews it before you accept."
    ) % {"home": _country(p["home_country"]), "funding": _rows(p["funding"])}


def prohibited_funding(p: Params) -> str:
    message = _("The policy prohibits %(funding)s.") % {"funding": _rows(p["funding"])}
    reason = text_of(p.get("reason"))
    if reason is not None:
        message = f"{message} {reason.in_language(translation.get_language())}"
    advice = _("Decline what is offered, or the invitation.")
    return f"{message} {advice}"


FUNDING_FINDINGS = {
    "foreign_sponsorship": foreign_sponsorship,
    "prohibited_funding": prohibited_funding,
}
