"""Policy versions as the API shows them, a new version's upload, and the what-if preview."""

from __future__ import annotations

import dataclasses
import datetime

from django.utils.translation import get_language
from ninja import Field, Schema

from sojourn.api.pagination import PageQuery
from sojourn.api.schemas.directives import Directive
from sojourn.api.schemas.people import Organisation, PersonName
from sojourn.api.schemas.problem import Problem
from sojourn.api.schemas.trip_fields import Flag, Forbidding, IsoMoment, Number
from sojourn.directives import registry
from sojourn.directives.models import PolicyVersion as PolicyVersionModel
from sojourn.directives.whatif import WhatIfReport, WhatIfRow

MAX_PACK_CHARS = 256 * 1024
WHATIF_ROWS = 200
SOURCE = "The pack's YAML (see the packs reference); at most 256 KB."


class PolicyVersionSummary(Schema):
    id: int
    pack_id: str
    version: int
    ref: str = Field(description="`pack@version`, as assessments name their policy.")
    title: str = Field(description="As the pack writes it, in the caller's language.")
    effective_from: datetime.datetime
    in_force: bool = Field(description="The newest version of its pack in force now.")
    shipped: bool = Field(description="Ships with Sojourn (not uploaded).")
    issued_by: PersonName | None
    note: str
    followed_by: list[Organisation] = Field(
        description="The organisations (of those the caller may see) that follow this pack."
    )

    @classmethod
    def of(
        cls, version: PolicyVersionModel, *, in_force: bool, followed_by: list[Organisation]
    ) -> PolicyVersionSummary:
        return cls(
            id=version.pk,
            pack_id=version.pack_id,
            version=version.version,
            ref=version.ref,
            title=registry.title_of(version).in_language(get_language()),
            effective_from=version.effective_from,
            in_force=in_force,
            shipped=version.shipped,
            issued_by=PersonName.maybe(version.issued_by),
            note=version.note,
            followed_by=followed_by,
        )


class PolicyVersion(PolicyVersionSummary):
    source: str = Field(description="The YAML exactly as issued.")


class PolicyFilters(PageQuery):
    pack_id: str | None = Field(None, max_length=80, description="Only this pack's versions.")


class PolicyUploadIn(Forbidding):
    source: str = Field(min_length=1, max_length=MAX_PACK_CHARS, description=SOURCE)
    issue: Flag = Field(
        False,
        description="Issue the version as a directive at once (it takes effect and the open "
        "trips are re-assessed). False: only check it; nothing is stored.",
    )
    note: str = Field("", max_length=2000, description="The directive's text, when issued.")
    effective_from: IsoMoment | None = Field(
        None,
        description="When the version takes effect, when issued, with its time zone; absent: now.",
    )


class PolicyUpload(Schema):
    pack_id: str
    version: int
    ref: str
    title: str
    tiers: list[str] = Field(description="The pack's tiers, strictest first.")
    issued: bool
    policy: PolicyVersionSummary | None = Field(description="The stored version, when issued.")
    directive: Directive | None = Field(
        description="The directive that issued it, with its re-assessment run."
    )


class PackIssue(Schema):
    path: str = Field(description="Where in the document, e.g. `tiers.restricted.approvals[0]`.")
    message: str
    line: int | None
    column: int | None


class PackProblem(Problem):
    """A 422 for a pack that cannot be accepted: each problem with its line and column."""

    problems: list[PackIssue] = Field(default_factory=list)


class WhatIfIn(Forbidding):
    source: str = Field(min_length=1, max_length=MAX_PACK_CHARS, description=SOURCE)
    limit: Number = Field(
        WHATIF_ROWS, ge=1, le=WHATIF_ROWS, description="At most this many trips are listed."
    )


class WhatIfTrip(Schema):
    trip_id: int
    title: str
    organisation: Organisation
    old_tier: str
    new_tier: str
    old_route: str
    new_route: str
    old_approvals: list[str]
    new_approvals: list[str]
    stricter: bool = Field(description="Issuing the pack would reopen this trip's approval.")

    @classmethod
    def of(cls, row: WhatIfRow) -> WhatIfTrip:
        return cls(**dataclasses.asdict(row))


class WhatIf(Schema):
    """How the open trips would come out under the pack. Nothing was written."""

    policy: str
    scope: str = Field(description="Which trips were examined.")
    examined: int
    changed: int = Field(description="Trips whose tier, route or approvals would change.")
    tier_changes: int
    route_changes: int
    approval_changes: int
    stricter: int = Field(description="Trips whose approval would be reopened.")
    trips: list[WhatIfTrip] = Field(description="The changed trips, up to `limit`.")
    truncated: bool = Field(description="More trips changed than are listed.")

    @classmethod
    def of(cls, report: WhatIfReport, limit: int) -> WhatIf:
        return cls(
            policy=report.policy,
            scope=report.scope,
            examined=report.examined,
            changed=len(report.rows),
            tier_changes=report.tier_changes,
            route_changes=report.route_changes,
            approval_changes=report.approval_changes,
            stricter=report.stricter,
            trips=[WhatIfTrip.of(row) for row in report.rows[:limit]],
            truncated=len(report.rows) > limit,
        )
