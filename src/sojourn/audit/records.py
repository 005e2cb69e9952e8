"""Which state of a record each audited write vouches for, and its keyed digest.

Every audited write of a record named here (`record(obj=…)`, from a service or the admin) stores
the digest of the record's audited state as it is in the database at that moment; `sojourn
audit verify --records` recomputes the digests of the current rows and names every record whose
state no longer matches its last audited write: changed, or deleted, outside Sojourn.

A record's audited state is the fields below (and its children's), chosen as those that change
only through a service that writes an event about that very record: a field the worker updates
on its own (a trip's next check-in due, a person's browser language) is not part of it. A
service that changes a field here without an event about the record is a bug this check shows.
Named by label: the audit trail sits below the apps that define these models.

A definition is versioned. Changing what a record's audited state holds (a field or a child
added) would otherwise make every digest written before the change differ from its record: so a
digest is stored as `v<version>:<hex>`, the definition it was computed under is kept in `earlier`
when the state changes, and the check reads each record as the definition of its last audited
write saw it. (A digest with no prefix predates versions: it is checked under each definition in
turn, the current one first.) `test_it_record_definitions` fails when a definition changes but
its version does not.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from sojourn.conf.errors import UnreadableValue


@dataclass(frozen=True)
class Children:
    """Rows that belong to the record: `model`'s rows whose `parent` is the record's id."""

    model: str
    parent: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Audited:
    fields: tuple[str, ...]
    children: dict[str, Children] = field(default_factory=dict)
    # Every row is created by a service that writes an audited event about it: a row with no
    # audited write behind it was inserted outside Sojourn (or before digests began).
    created_audited: bool = True
    # The actions whose events vouch for the record's state; None: every write about it. An
    # account is vouched for only by the writes that change it, not by a sign-in about it (one
    # would vouch for a privilege set by SQL just before).
    vouched_by: frozenset[str] | None = None
    # This definition's version, and those it replaced (their own `version` set, oldest first).
    version: int = 1
    earlier: tuple[Audited, ...] = ()

    def at_version(self, version: int) -> Audited | None:
        """The definition of that version: this one or one it replaced; None if unknown."""
        if version == self.version:
            return self
        return next((spec for spec in self.earlier if spec.version == version), None)

    def newest_first(self) -> list[Audited]:
        return [self, *sorted(self.earlier, key=lambda spec: -spec.version)]


PLANNED_MEETINGS = Children(
    "trips.plannedmeeting", "trip_id", ("counterpart", "organisation", "country", "topics", "date")
)
TRIP_FIELDS = ("traveller_id", "title", "purpose", "necessity", "alternatives", "status")

# An account's writes: Django's own paths (the admin, the password pages, `createsuperuser`,
# a password hash upgraded at sign-in) all save the user, and sojourn.security.account_events
# records each save that changes the state below; the admin's events vouch for the groups and
# permissions it sets after saving.
ACCOUNT_WRITES = frozenset(
    {
        "account.created",
        "account.changed",
        "account.deleted",
        "admin.added",
        "admin.changed",
        "admin.deleted",
    }
)

AUDITED_STATE: dict[str, Audited] = {
    "trips.trip": Audited(
        TRIP_FIELDS,
        {
            "legs": Children(
                "trips.leg",
                "trip_id",
                ("position", "country", "city", "starts_on", "ends_on", "transit"),
            ),
            "meetings": PLANNED_MEETINGS,
        },
        version=2,
        # Version 1 left the legs out: a leg edited by SQL went unseen.
        earlier=(Audited(TRIP_FIELDS, {"meetings": PLANNED_MEETINGS}),),
    ),
    "debriefs.debrief": Audited(
        ("trip_id", "summary", "materials", "no_meetings"),
        {
            "meetings": Children(
                "debriefs.debriefmeeting",
                "debrief_id",
                (
                    "counterpart",
                    "organisation",
                    "country",
                    "topics",
                    "sensitive_topics",
                    "future_contact_requested",
                ),
            ),
            "incidents": Children(
                "debriefs.incident", "debrief_id", ("kind", "occurred_on", "country", "description")
            ),
        },
    ),
    "care.checkin": Audited(("trip_id", "by_id", "at", "status", "country", "city", "note")),
    "care.deviation": Audited(
        (
            "trip_id",
            "reported_by_id",
            "country",
            "city",
            "starts_on",
            "ends_on",
            "transit",
            "reason",
        )
    ),
    "people.person": Audited(
        (
            "user_id",
            "organisation_id",
            "role",
            "position",
            "emergency_contact_name",
            "emergency_contact_phone",
        ),
    ),
    # The security-relevant state of an account; not `last_login`, which every sign-in writes.
    "auth.user": Audited(
        ("username", "email", "password", "is_superuser", "is_staff", "is_active"),
        {
            "groups": Children("auth.user_groups", "user_id", ("group_id",)),
            "permissions": Children("auth.user_user_permissions", "user_id", ("permission_id",)),
        },
        vouched_by=ACCOUNT_WRITES,
    ),
}

State = dict[str, Any]


def is_audited(label: str) -> bool:
    return label in AUDITED_STATE


def vouches(label: str, action: str) -> bool:
    """Whether an event of `action` about a `label` record vouches for its state (a read never
    does: it changes nothing)."""
    spec = AUDITED_STATE.get(label)
    if spec is None or action.endswith(".read"):
        return False
    return spec.vouched_by is None or action in spec.vouched_by


def states(
    label: str, pks: Iterable[Any] | None = None, *, spec: Audited | None = None
) -> dict[str, State]:
    """The audited state of the rows of `label` (those of `pks`, or all), by id as text, as the
    current definition (or `spec`, an earlier one) has it."""
    spec = spec or AUDITED_STATE[label]
    rows = apps.get_model(label)._default_manager.all()
    if pks is not None:
        rows = rows.filter(pk__in=list(pks))
    found: dict[str, State] = {
        str(row["pk"]): {name: row[name] for name in spec.fields}
        for row in _values(rows, "pk", spec.fields)
    }
    for name, children in spec.children.items():
        for state in found.values():
            state[name] = []
        _add_children(found, name, children)
    return found


def _add_children(found: dict[str, State], name: str, spec: Children) -> None:
    model: type[models.Model] = apps.get_model(spec.model)
    rows = model._default_manager.filter(**{f"{spec.parent}__in": list(found)}).order_by("pk")
    for row in _values(rows, spec.parent, spec.fields):
        parent = str(row.pop(spec.parent))
        found[parent][name].append(row)


UNREADABLE = "(unreadable)"


def _values(rows: models.QuerySet[Any], key: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows' `key` and `fields`; a row whose sealed data no longer opens (edited outside
    Sojourn) reads as UNREADABLE, so its digest differs from its last audited write."""
    try:
        return list(rows.values(key, *fields))
    except UnreadableValue:
        found: list[dict[str, Any]] = []
        for pk, value in rows.values_list("pk", key):
            try:
                found.extend(rows.filter(pk=pk).values(key, *fields))
            except UnreadableValue:
                found.append({key: value, **dict.fromkeys(fields, UNREADABLE)})
        return found


def digest(state: State, key: bytes, version: int | None = None) -> str:
    """A keyed digest: the state's values never leave the database, not even as a plain hash
    someone could test guesses against (a city, a name). With `version`, prefixed `v<version>:`
    (what an event stores); without, the bare hex."""
    form = json.dumps(state, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    hexdigest = hmac.new(key, form.encode(), hashlib.sha256).hexdigest()
    return hexdigest if version is None else f"v{version}:{hexdigest}"


def split(stored: str) -> tuple[int | None, str]:
    """A stored digest's definition version (None: written before versions) and its hex."""
    if stored.startswith("v") and ":" in stored:
        version, _, hexdigest = stored[1:].partition(":")
        if version.isdigit():
            return int(version), hexdigest
    return None, stored


def digests_of(objs: Iterable[models.Model], key: bytes) -> dict[tuple[str, str], str]:
    """The digest of every audited record among `objs`, as stored now, by (label, id)."""
    wanted: dict[str, set[Any]] = {}
    for obj in objs:
        label = obj._meta.label_lower
        if is_audited(label):
            wanted.setdefault(label, set()).add(obj.pk)
    return {
        (label, pk): digest(state, key, AUDITED_STATE[label].version)
        for label, pks in wanted.items()
        for pk, state in states(label, pks).items()
    }
