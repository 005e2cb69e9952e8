"""Filtering and ordering a list of trips: one definition for the API's list, its CSV export and
any page that offers the same filters.

`TripFilters` holds what was asked for and refuses what cannot be meant (an unknown status or
order, a window that ends before it starts); `parse(query)` reads it from query-string values,
naming each field it cannot read. `apply(trips, filters)` narrows and orders a queryset the
caller has already scoped with `Trip.objects.visible_to` — it never widens one. Every order ends
with the id and sorts only on non-null keys (the trip's stored sort keys put trips without dates or
a risk score last), so keyset pages and exports walk the same sequence.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import DateField, ExpressionWrapper, F, Field, IntegerField, Q, QuerySet
from django.utils.translation import gettext as _

from sojourn.people.models import Organisation
from sojourn.policy import Route
from sojourn.trips.errors import InvalidInput
from sojourn.trips.models import Trip, TripStatus


@dataclass(frozen=True)
class Ordering:
    keys: tuple[str, ...]
    annotations: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def _stored(column: str, kind: type[Field[Any, Any]]) -> ExpressionWrapper[F]:
    """A stored sort key of the trip (Trip.sort_…), as the value type a cursor is read into."""
    return ExpressionWrapper(F(column), output_field=kind())


# The orders a list of trips can take; each ends with the id, a unique tie-break. The names are
# plain words (no leading minus) so that a generated client names them too: `TripOrder.NEWEST`.
# The keys are the trip's stored, non-null sort keys, each with its index (Trip.Meta.indexes).
ORDERINGS: dict[str, Ordering] = {
    "newest": Ordering(("-created_at", "-id")),
    "departure": Ordering(
        ("departure_key", "id"), {"departure_key": _stored("sort_departure", DateField)}
    ),
    "departure_desc": Ordering(
        ("-departure_key", "-id"), {"departure_key": _stored("sort_departure_desc", DateField)}
    ),
    "risk": Ordering(("-risk_key", "-id"), {"risk_key": _stored("sort_risk", IntegerField)}),
}
DEFAULT_ORDER = "newest"
ROUTES = tuple(str(route) for route in Route)
MAX_TEXT = 200
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}


@dataclass(frozen=True)
class TripFilters:
    """What a list of trips is narrowed to, and its order. The defaults select everything."""

    status: tuple[str, ...] = ()
    tier: str = ""
    route: str = ""
    traveller_id: int | None = None
    organisation: str = ""
    departs_from: datetime.date | None = None
    departs_to: datetime.date | None = None
    returns_from: datetime.date | None = None
    returns_to: datetime.date | None = None
    needs_reapproval: bool | None = None
    has_findings: bool | None = None
    q: str = ""
    order: str = DEFAULT_ORDER

    def __post_init__(self) -> None:
        errors = self._problems()
        if errors:
            raise InvalidInput(errors)

    def _problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        unknown = [value for value in self.status if value not in TripStatus.values]
        if unknown:
            errors["status"] = _("%(value)s is not a status; choose from: %(choices)s.") % {
                "value": unknown[0],
                "choices": ", ".join(TripStatus.values),
            }
        if self.route and self.route not in ROUTES:
            errors["route"] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(ROUTES)}
        if self.order not in ORDERINGS:
            errors["order"] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(ORDERINGS)}
        for name in ("tier", "organisation", "q"):
            if len(getattr(self, name)) > MAX_TEXT:
                errors[name] = _("At most %(count)s characters.") % {"count": MAX_TEXT}
        windows = (("departs_from", "departs_to"), ("returns_from", "returns_to"))
        for start, end in windows:
            first, last = getattr(self, start), getattr(self, end)
            if first is not None and last is not None and last < first:
                errors[end] = _("The window cannot end before %(field)s.") % {"field": start}
        return errors

    @property
    def order_keys(self) -> tuple[str, ...]:
        return ORDERINGS[self.order].keys

    def as_dict(self) -> dict[str, str]:
        """The filters that narrow anything, as text: for an export's audit event and a link."""
        shown: dict[str, str] = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if value in (None, "", ()):
                continue
            if isinstance(value, tuple):
                shown[item.name] = ",".join(value)
            elif isinstance(value, bool):
                shown[item.name] = "true" if value else "false"
            elif isinstance(value, datetime.date):
                shown[item.name] = value.isoformat()
            else:
                shown[item.name] = str(value)
        return shown


def apply(trips: QuerySet[Trip], filters: TripFilters) -> QuerySet[Trip]:
    """`trips` narrowed by `filters` and in their order (with the order's sort keys annotated)."""
    condition = Q()
    if filters.status:
        condition &= Q(status__in=filters.status)
    if filters.tier:
        condition &= Q(tier=filters.tier)
    if filters.route:
        condition &= Q(route=filters.route)
    if filters.traveller_id is not None:
        condition &= Q(traveller_id=filters.traveller_id)
    if filters.organisation:
        # By id, looked up first: joined by slug, the planner cannot know which organisation
        # (nor how many trips it has) and reads all of a big one's trips to sort them.
        found = Organisation.objects.filter(slug=filters.organisation).values_list("pk", flat=True)
        condition &= Q(organisation_id=found.first())
    if filters.departs_from is not None:
        condition &= Q(starts_on__gte=filters.departs_from)
    if filters.departs_to is not None:
        condition &= Q(starts_on__lte=filters.departs_to)
    if filters.returns_from is not None:
        condition &= Q(ends_on__gte=filters.returns_from)
    if filters.returns_to is not None:
        condition &= Q(ends_on__lte=filters.returns_to)
    if filters.needs_reapproval is not None:
        condition &= Q(needs_reapproval=filters.needs_reapproval)
    if filters.has_findings is not None:
        # The stored assessment's findings list has a first element.
        with_findings = Q(assessment__findings__0__isnull=False)
        condition &= with_findings if filters.has_findings else ~with_findings
    if filters.q:
        condition &= Q(title__icontains=filters.q)
    ordering = ORDERINGS[filters.order]
    return trips.filter(condition).annotate(**ordering.annotations).order_by(*ordering.keys)


def order_fields(order: str) -> list[Field[Any, Any]]:
    """The fields of the order's keys (annotated or the trip's): what a cursor's values are."""
    ordering = ORDERINGS[order]
    fields: list[Field[Any, Any]] = []
    for key in ordering.keys:
        name = key.lstrip("-")
        annotated = ordering.annotations.get(name)
        found = Trip._meta.get_field(name) if annotated is None else annotated.output_field
        assert isinstance(found, Field)
        fields.append(found)
    return fields


class QueryValues(Protocol):
    """A query string's values: Django's QueryDict, or anything with `getlist`."""

    def getlist(self, key: str, default: Any = None) -> list[Any]: ...


def parse(query: QueryValues) -> TripFilters:
    """Filters from query-string text (e.g. `request.GET`); InvalidInput names each bad field."""
    errors: dict[str, str] = {}

    def text(name: str) -> str:
        values = query.getlist(name) or [""]
        return str(values[-1]).strip()

    def date(name: str) -> datetime.date | None:
        raw = text(name)
        if not raw:
            return None
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            errors[name] = _("Give a real date as YYYY-MM-DD.")
            return None

    def flag(name: str) -> bool | None:
        raw = text(name).lower()
        if not raw:
            return None
        if raw in TRUE | FALSE:
            return raw in TRUE
        errors[name] = _("Use true or false.")
        return None

    traveller_id: int | None = None
    if text("traveller_id"):
        try:
            traveller_id = int(text("traveller_id"))
        except ValueError:
            errors["traveller_id"] = _("Give the traveller's user id, a number.")
    values: dict[str, Any] = {
        "status": tuple(
            part.strip()
            for value in query.getlist("status")
            for part in str(value).split(",")
            if part.strip()
        ),
        "tier": text("tier"),
        "route": text("route"),
        "traveller_id": traveller_id,
        "organisation": text("organisation"),
        "departs_from": date("departs_from"),
        "departs_to": date("departs_to"),
        "returns_from": date("returns_from"),
        "returns_to": date("returns_to"),
        "needs_reapproval": flag("needs_reapproval"),
        "has_findings": flag("has_findings"),
        "q": text("q"),
        "order": text("order") or DEFAULT_ORDER,
    }
    try:
        filters = TripFilters(**values)
    except InvalidInput as invalid:
        raise InvalidInput({**invalid.errors, **errors}) from None
    if errors:
        raise InvalidInput(errors)
    return filters
