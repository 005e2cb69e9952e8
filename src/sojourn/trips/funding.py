"""An invitation's funding: who pays for what, checked and stored as the engine reads it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from sojourn.policy import Funding, is_country
from sojourn.trips.models import FundedItem, Payer

NAMED_PAYERS = (Payer.HOST, Payer.THIRD_PARTY)
"""Payers outside the traveller and their organisation: their country is stated."""
VALUE_LIMIT = 200


def funding_errors(rows: Sequence[Funding]) -> dict[str, str]:
    """What is wrong with each row, keyed `funding[i].field` as the API names it."""
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for index, row in enumerate(rows):
        for field, message in _row_errors(row, seen).items():
            errors.setdefault(f"funding[{index}].{field}", message)
        seen.add(row.item)
    return errors


def _row_errors(row: Funding, seen: set[str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if row.item not in FundedItem.values:
        errors["item"] = _("Choose one of: %(choices)s.") % {"choices": _list(FundedItem.values)}
    elif row.item in seen:
        errors["item"] = _("Say who pays for each item once.")
    if row.paid_by not in Payer.values:
        errors["paid_by"] = _("Choose one of: %(choices)s.") % {"choices": _list(Payer.values)}
    if row.paid_by == Payer.THIRD_PARTY and not row.payer_name.strip():
        errors["payer_name"] = _("Name the third party that pays.")
    country = row.payer_country.strip().upper()
    if country and not is_country(country):
        errors["payer_country"] = _("Use a two-letter ISO 3166 country code, such as FR.")
    elif row.paid_by in NAMED_PAYERS and not country:
        errors["payer_country"] = _("Say in which country the payer is, such as FR.")
    if len(row.value) > VALUE_LIMIT:
        errors["value"] = _("Keep it under %(limit)d characters.") % {"limit": VALUE_LIMIT}
    return errors


def _list(values: Sequence[str]) -> str:
    return ", ".join(values)


def stored(rows: Sequence[Funding], *, host_organisation: str) -> list[dict[str, str]]:
    """The rows as the invitation keeps them, in the order of FundedItem. A payer that is the
    host is named after the host unless named otherwise; the traveller's organisation, the
    traveller and nobody name no one."""
    order = {item: index for index, item in enumerate(FundedItem.values)}
    kept = []
    for row in sorted(rows, key=lambda row: order[row.item]):
        named = row.paid_by in NAMED_PAYERS
        name = row.payer_name.strip() if named else ""
        if row.paid_by == Payer.HOST and not name:
            name = host_organisation
        kept.append(
            {
                "item": row.item,
                "paid_by": row.paid_by,
                "payer_name": name,
                "payer_country": row.payer_country.strip().upper() if named else "",
                "value": row.value.strip(),
            }
        )
    return kept


def facts_of(funding: Sequence[dict[str, Any]]) -> tuple[Funding, ...]:
    """The stored rows as the engine reads them."""
    return tuple(Funding(**row) for row in funding)
