"""Is a new assessment stricter than the snapshot a trip was approved under?

A directive or a deviation re-assesses approved trips; a stricter outcome reopens the approval
chain, a looser one leaves the approval standing. Stricter means any of:

- the route ranks higher: not_required < auto_approve < review < deny;
- the tier ranks higher (`tier_rank`; snapshots without one skip this test);
- an approval step the snapshot did not ask for;
- a blocker finding the snapshot did not have (by code);
- check-ins newly required or more frequent, a briefing newly required, or a detailed debrief
  where a summary was enough.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sojourn.policy.assessment import Assessment, Route, Severity

ROUTE_RANK = {Route.NOT_REQUIRED: 0, Route.AUTO_APPROVE: 1, Route.REVIEW: 2, Route.DENY: 3}
NOTHING_REQUIRED: Mapping[str, Any] = {"route": Route.NOT_REQUIRED.value}


def stricter(new: Assessment, old: Mapping[str, Any] | None) -> bool:
    """True when `new` asks for more than the stored snapshot `old` (None: nothing was asked)."""
    before = old if old is not None else NOTHING_REQUIRED
    return (
        _route_rank(str(new.route)) > _route_rank(before.get("route"))
        or _higher_tier(new.tier_rank, before.get("tier_rank"))
        or bool(set(new.approvals) - set(before.get("approvals") or ()))
        or bool(_blockers(new) - _stored_blockers(before))
        or _more_checkins(new.checkin_hours, before.get("checkin_hours"))
        or (new.briefing_required and not before.get("briefing_required"))
        or (new.debrief_depth == "detailed" and before.get("debrief_depth") != "detailed")
    )


def _route_rank(route: object) -> int:
    try:
        return ROUTE_RANK[Route(str(route))]
    except ValueError:
        return 0


def _higher_tier(new: int | None, old: object) -> bool:
    return new is not None and isinstance(old, int) and new > old


def _blockers(assessment: Assessment) -> set[str]:
    return {f.code for f in assessment.findings if f.severity == Severity.BLOCKER}


def _stored_blockers(snapshot: Mapping[str, Any]) -> set[str]:
    return {
        str(f.get("code"))
        for f in snapshot.get("findings") or ()
        if isinstance(f, Mapping) and f.get("severity") == Severity.BLOCKER.value
    }


def _more_checkins(new: int | None, old: object) -> bool:
    if new is None:
        return False
    return not isinstance(old, int) or new < old
