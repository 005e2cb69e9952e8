"""Reporting a trip and its approval chain: each submission assessed, each step decided in
turn by an officer or oversight (or pending at `now`), changes requested now and then and the
trip reported again; an automatic outcome recorded as the system's review, as `submit` does."""

from __future__ import annotations

import json

from sojourn.synth import tables, texts
from sojourn.synth.assessor import Snapshot
from sojourn.synth.chance import Weighted, between, pick
from sojourn.synth.rows import Rows
from sojourn.synth.story import DAY, Context, Story
from sojourn.synth.timebase import HOUR, moment_text
from sojourn.synth.travel import abroad, before_departure

SYSTEM_STEP = "system"
AUTOMATIC = ("not_required", "auto_approve", "deny")
EMERGENCY_FINDING = {
    "code": "late_report",
    "severity": "warning",
    "message": "Reported after departure (emergency travel).",
    "rule": "lifecycle.reported_after_departure",
}
DECISIONS = ("approve", "request_changes", "deny")
ODDS = {
    "org_security": Weighted(DECISIONS, (92, 5, 3)),
    "oversight": Weighted(DECISIONS, (94, 2, 4)),
}
ODDS_NECESSITY_MISSING = Weighted(DECISIONS, (30, 65, 5))
ODDS_SECOND_ROUND = Weighted(DECISIONS, (95, 0, 5))
# Mean minutes a step waits for its decision: a busy office takes days, oversight longer.
MEAN_WAIT = {"org_security": 60 * HOUR, "oversight": 84 * HOUR}
RESUBMIT_SHARE = 0.85
TARGETS = {"approve": "approved", "deny": "denied", "request_changes": "draft"}
APPROVAL_WORDS = ("", "", "", "Approved.", "Approved; have a safe trip.")


def report(ctx: Context, rows: Rows, story: Story, at: int) -> None:
    """Submissions, one per round, until the chain ends or `now` comes."""
    rng = ctx.rng
    plan = story.plan
    while True:
        story.review_round += 1
        snapshot = ctx.assess(story, at // DAY)
        story.snapshot = snapshot
        story.document = snapshot.document
        story.submitted = at
        story.move("submitted", at)
        # As `submit` sets them: the flag each time, the deadline only when late.
        story.late = snapshot.late
        if snapshot.late:
            story.follow_up_due = at // DAY + snapshot.follow_up_days
        if plan.departs <= at // DAY:
            _reported_under_way(ctx, story, at)
            abroad(ctx, rows, story)
            return
        if snapshot.late:
            assert story.follow_up_due is not None
            story.late_reports.append((at, story.review_round, False, story.follow_up_due))
        if snapshot.route in AUTOMATIC:
            approve = snapshot.route != "deny"
            _system_review(ctx, rows, story, at, approve=approve)
            story.decided = at
            story.status = "approved" if approve else "denied"
            if approve:
                before_departure(ctx, rows, story, at)
            return
        outcome, decided = _chain(ctx, rows, story, at)
        if outcome == "approve":
            before_departure(ctx, rows, story, decided)
            return
        if outcome != "request_changes" or story.review_round > 1:
            return
        if rng.random() >= RESUBMIT_SHARE:
            return  # left in draft
        again = decided + between(rng, HOUR, 3 * DAY)
        if again > ctx.now or again >= plan.departs * DAY:
            return
        # The traveller gives what was missing, edits the draft and reports it again.
        plan.necessity = plan.necessity or pick(rng, texts.NECESSITY)
        plan.alternatives = plan.alternatives or pick(rng, texts.ALTERNATIVES)
        story.version += 1
        at = again


def _reported_under_way(ctx: Context, story: Story, at: int) -> None:
    """Emergency travel: in progress at once, with a late-report follow-up by the officer."""
    snapshot = story.assessed
    story.late = True
    story.follow_up_due = at // DAY + snapshot.follow_up_days
    if not snapshot.late:
        document = json.loads(snapshot.document)
        document["findings"].append(EMERGENCY_FINDING)
        story.document = json.dumps(document)
    story.status = "in_progress"
    story.departed = at
    story.checkin_due = at + snapshot.checkin_hours * HOUR if snapshot.checkin_hours else None
    story.late_reports.append((at, story.review_round, True, story.follow_up_due))
    follow_up = at + between(ctx.rng, 2 * HOUR, 3 * DAY)
    if follow_up <= ctx.now:
        officer = pick(ctx.rng, story.person.org.officers)
        story.resolved[story.review_round] = (follow_up, pick(ctx.rng, texts.FOLLOW_UPS), officer)


def _system_review(ctx: Context, rows: Rows, story: Story, at: int, *, approve: bool) -> None:
    snapshot = story.assessed
    when = moment_text(at)
    rows.reviews.append(
        (
            ctx.next_key[tables.REVIEWS](),
            story.id,
            SYSTEM_STEP,
            story.review_round,
            0,
            None,
            "approve" if approve else "deny",
            "",
            f"Decided by policy {snapshot.policy}: route {snapshot.route}.",
            when,
            when,
        )
    )


def _chain(ctx: Context, rows: Rows, story: Story, at: int) -> tuple[str, int]:
    """Each step decided in turn, or the rest pending at `now`; the outcome and its time."""
    rng = ctx.rng
    snapshot = story.assessed
    steps = snapshot.approvals
    # Decided before departure: a chain squeezed by a late report is decided in minutes.
    deadline = story.plan.departs * DAY - 30
    decided = at
    created = moment_text(at)
    for position, step in enumerate(steps):
        wait = int(rng.expovariate(1 / MEAN_WAIT.get(step, MEAN_WAIT["org_security"]))) + 20
        latest = deadline - 20 * (len(steps) - position)
        decided = max(decided + 5, min(decided + wait, latest))
        if decided > ctx.now:
            _pending(ctx, rows, story, steps, position, created)
            return "pending", decided
        decision = _odds(story, snapshot, step, position)(rng)
        people = ctx.cast.oversight if step == "oversight" else story.person.org.officers
        reviewer = pick(rng, people)
        comment, conditions = _words(ctx, decision, snapshot)
        rows.reviews.append(
            (
                ctx.next_key[tables.REVIEWS](),
                story.id,
                step,
                story.review_round,
                position,
                reviewer,
                decision,
                conditions,
                comment,
                created,
                moment_text(decided),
            )
        )
        if decision == "approve" and position < len(steps) - 1:
            story.version += 1  # one step approved, the next one to come
            story.updated = decided
            continue
        story.decided = decided
        story.move(TARGETS[decision], decided)
        story.resolve_open(decided, f"decided: {decision}", reviewer)
        return decision, decided
    return "approve", decided


def _pending(
    ctx: Context, rows: Rows, story: Story, steps: tuple[str, ...], first: int, created: str
) -> None:
    for position in range(first, len(steps)):
        rows.reviews.append(
            (
                ctx.next_key[tables.REVIEWS](),
                story.id,
                steps[position],
                story.review_round,
                position,
                None,
                "pending",
                "",
                "",
                created,
                None,
            )
        )


def _odds(story: Story, snapshot: Snapshot, step: str, position: int) -> Weighted[str]:
    if story.review_round > 1:
        return ODDS_SECOND_ROUND
    if position == 0 and "necessity_missing" in snapshot.findings:
        return ODDS_NECESSITY_MISSING
    return ODDS.get(step, ODDS["org_security"])


def _words(ctx: Context, decision: str, snapshot: Snapshot) -> tuple[str, str]:
    """The reviewer's comment (required unless approving) and conditions."""
    rng = ctx.rng
    if decision == "request_changes":
        return pick(rng, texts.CHANGES_REQUESTED), ""
    if decision == "deny":
        return pick(rng, texts.DENIED), ""
    conditions = ""
    if snapshot.briefing_required and rng.random() < 0.3:
        conditions = pick(rng, texts.REVIEW_CONDITIONS)
    return pick(rng, APPROVAL_WORDS), conditions
