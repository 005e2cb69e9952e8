"""Directives as the API shows them (with their re-assessment run), and the three a client may
issue: an advisory, an instruction to cancel a trip, an instruction to hold a person's travel.
A new policy version is issued with `POST /policies`."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema

from sojourn.api.pagination import PageQuery
from sojourn.api.schemas.people import PersonName
from sojourn.api.schemas.trip_fields import Forbidding, IsoDate, Number
from sojourn.directives.models import AdvisoryEffect, ReassessmentRun
from sojourn.directives.models import Directive as DirectiveModel

KindName = Literal["policy", "advisory", "cancel_trip", "hold_person"]
TEXT_MAX = 4000
MAX_ID = 2**63 - 1  # the database's range: a bigger id is refused, never looked up


class DirectiveRun(Schema):
    """The re-assessment of the open trips a directive started; the worker carries it."""

    id: int
    status: Literal["pending", "running", "done", "failed"]
    total: int = Field(description="Trips to re-assess.")
    processed: int = Field(description="Trips re-assessed so far.")
    changed: int = Field(description="Trips whose outcome became stricter (approval reopened).")
    percent: int = Field(ge=0, le=100)
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None

    @classmethod
    def of(cls, run: ReassessmentRun) -> DirectiveRun:
        return cls(
            id=run.pk,
            status=run.status,  # type: ignore[arg-type]
            total=run.total,
            processed=run.processed,
            changed=run.changed,
            percent=run.percent,
            created_at=run.created_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
        )


class DirectivePolicy(Schema):
    id: int
    pack_id: str
    version: int
    ref: str = Field(description="`pack@version`.")


class Directive(Schema):
    id: int
    kind: KindName
    text: str
    issued_by: PersonName
    issued_at: datetime.datetime
    effective_from: datetime.datetime
    revoked_at: datetime.datetime | None
    policy: DirectivePolicy | None = Field(description="For a new policy version.")
    destinations: list[str] = Field(description="For an advisory: country codes and @GROUPs.")
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    effect: AdvisoryEffect | None
    tier: str | None
    trip_id: int | None = Field(description="For an instruction to cancel a trip.")
    person: PersonName | None = Field(description="For an instruction to hold a person's travel.")
    hold_until: datetime.date | None
    run: DirectiveRun | None = Field(description="The latest re-assessment run it started, if any.")

    @classmethod
    def of(cls, directive: DirectiveModel) -> Directive:
        """Reads `issued_by`, `policy_version`, `person` and the prefetched `runs`, newest
        first."""
        version = directive.policy_version
        runs = list(directive.runs.all())
        return cls(
            id=directive.pk,
            kind=directive.kind,  # type: ignore[arg-type]
            text=directive.text,
            issued_by=PersonName.of(directive.issued_by),
            issued_at=directive.issued_at,
            effective_from=directive.effective_from,
            revoked_at=directive.revoked_at,
            policy=(
                DirectivePolicy(
                    id=version.pk, pack_id=version.pack_id, version=version.version, ref=version.ref
                )
                if version
                else None
            ),
            destinations=list(directive.destinations or []),
            starts_on=directive.starts_on,
            ends_on=directive.ends_on,
            effect=directive.effect or None,  # type: ignore[arg-type]
            tier=directive.tier or None,
            trip_id=directive.trip_id,
            person=PersonName.maybe(directive.person),
            hold_until=directive.hold_until,
            run=DirectiveRun.of(runs[0]) if runs else None,
        )


class DirectiveFilters(PageQuery):
    kind: KindName | None = Field(None, description="Only directives of this kind.")


# What a directive of each kind takes besides `kind` and `text`, and which of those it needs.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "advisory": ("destinations", "starts_on", "ends_on", "effect", "tier"),
    "cancel_trip": ("trip_id",),
    "hold_person": ("person_id", "hold_until"),
}
KIND_REQUIRES: dict[str, tuple[str, ...]] = {
    "advisory": ("destinations", "starts_on", "ends_on", "effect"),
    "cancel_trip": ("trip_id",),
    "hold_person": ("person_id", "hold_until"),
}


class DirectiveIn(Forbidding):
    """One body for the three kinds a client may issue; each kind takes only its own fields.

    * `advisory`: `destinations`, `starts_on`, `ends_on`, `effect` (and `tier` to raise to);
    * `cancel_trip`: `trip_id`;
    * `hold_person`: `person_id`, `hold_until`.
    """

    kind: Literal["advisory", "cancel_trip", "hold_person"]
    text: str = Field(
        min_length=1,
        max_length=TEXT_MAX,
        description="What the advisory says, or the instruction's reason (the traveller and "
        "their officer read it).",
    )
    destinations: list[Annotated[str, Field(min_length=1, max_length=60)]] | None = Field(
        None,
        min_length=1,
        max_length=300,
        description="Advisory: country codes or groups, e.g. `US`, `@NATO`.",
    )
    starts_on: IsoDate | None = Field(None, description="Advisory: the first day.")
    ends_on: IsoDate | None = Field(None, description="Advisory: the last day.")
    effect: AdvisoryEffect | None = Field(None, description="Advisory: what it does to travel.")
    tier: str = Field(
        "", max_length=50, description="Advisory with `raise_tier`: the tier to raise to."
    )
    trip_id: Number | None = Field(None, ge=1, le=MAX_ID, description="Cancel: the trip's id.")
    person_id: Number | None = Field(
        None, ge=1, le=MAX_ID, description="Hold: the person's user id."
    )
    hold_until: IsoDate | None = Field(None, description="Hold: the last day held.")

    def refusals(self) -> dict[str, str]:
        """Fields of another kind, and fields this kind needs but lacks."""
        errors: dict[str, str] = {}
        own = KIND_FIELDS[self.kind]
        for name in sorted(self.model_fields_set - {"kind", "text"} - set(own)):
            errors[name] = _("A %(kind)s directive does not take this field.") % {"kind": self.kind}
        for name in KIND_REQUIRES[self.kind]:
            if getattr(self, name) is None:
                errors[name] = _("A directive of kind %(kind)s needs this field.") % {
                    "kind": self.kind
                }
        return errors
