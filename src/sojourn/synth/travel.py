"""Between approval and return: withdrawn or cancelled now and then, the briefing read,
departure on the first day, a check-in before each one falls due while abroad (some travellers
abroad now have gone quiet), and the return, by the traveller or by the worker the morning
after the last leg, which sets the debrief deadline as `return_home` does."""

from __future__ import annotations

from sojourn.synth import tables, texts
from sojourn.synth.chance import between, pick
from sojourn.synth.debriefing import debrief
from sojourn.synth.itinerary import country_at
from sojourn.synth.rows import Rows
from sojourn.synth.story import DAY, Context, Story
from sojourn.synth.timebase import HOUR, moment_text

DEFAULT_DEBRIEF_DAYS = 10  # as `return_home` sets it when the policy names no deadline
WITHDRAWN_SHARE = 0.03
CANCELLED_SHARE = 0.01
BRIEFED_SHARE = 0.95
QUIET_SHARE = 0.1
"""Travellers abroad now whose next check-in is overdue."""


def before_departure(ctx: Context, rows: Rows, story: Story, at: int) -> None:
    """Approved at `at`: until departure, and on."""
    rng = ctx.rng
    start = story.plan.departs * DAY
    ending = rng.random()
    if ending < WITHDRAWN_SHARE + CANCELLED_SHARE and start - at > 2 * HOUR:
        moment = between(rng, at + HOUR, start - HOUR)
        if moment <= ctx.now:
            _end_early(ctx, story, moment, withdrawn=ending < WITHDRAWN_SHARE)
            return
    snapshot = story.assessed
    if snapshot.briefing_required and rng.random() < BRIEFED_SHARE and start - at > HOUR:
        moment = between(rng, at + 10, start - 30)
        if moment <= ctx.now:
            story.briefed = moment
            story.version += 1
            story.updated = moment
    departed = max(start + between(rng, 0, 9 * HOUR), at + 10)
    if departed > ctx.now:
        return
    story.move("in_progress", departed)
    story.departed = departed
    if snapshot.checkin_hours:
        story.checkin_due = departed + snapshot.checkin_hours * HOUR
    abroad(ctx, rows, story)


def _end_early(ctx: Context, story: Story, at: int, *, withdrawn: bool) -> None:
    if withdrawn:
        story.move("withdrawn", at)
        story.withdraw_reason = pick(ctx.rng, texts.WITHDRAWN)
        actor = story.person.user_id
    else:
        story.move("cancelled", at)
        story.cancel_reason = pick(ctx.rng, texts.CANCELLED)
        actor = pick(ctx.rng, story.person.org.officers)
    story.resolve_open(at, story.status, actor)


def abroad(ctx: Context, rows: Rows, story: Story) -> None:
    """Departed: check-ins until the return (or `now`), then home and the debrief."""
    rng = ctx.rng
    departed = story.departed
    assert departed is not None
    returns = story.plan.returns
    if rng.random() < 0.5:  # the worker, the morning after the last leg
        returned = (returns + 1) * DAY + between(rng, 0, 9 * HOUR)
    else:  # the traveller, on the last day
        returned = returns * DAY + between(rng, 10 * HOUR, 16 * HOUR)
    returned = max(returned, departed + HOUR)
    hours = story.assessed.checkin_hours
    if hours:
        _checkins(ctx, rows, story, min(returned, ctx.now), hours)
    if returned > ctx.now:
        return
    story.move("returned", returned)
    story.returned = returned
    story.checkin_due = None
    story.debrief_due = story.assessed.debrief_due or returned // DAY + DEFAULT_DEBRIEF_DAYS
    debrief(ctx, rows, story, returned)


def _checkins(ctx: Context, rows: Rows, story: Story, until: int, hours: int) -> None:
    """Each check-in a little before the last one's interval runs out; `checkin_due_at`
    follows, as `check_in` sets it."""
    rng = ctx.rng
    interval = hours * HOUR
    if until == ctx.now and rng.random() < QUIET_SHARE:
        until = ctx.now - interval - between(rng, 10, 30 * HOUR)
    assert story.departed is not None
    due = story.departed + interval
    early = max(31, interval * 2 // 5)
    legs = story.plan.legs
    new_key = ctx.next_key[tables.CHECKINS]
    traveller = story.person.user_id
    while True:
        moment = due - between(rng, 30, early)
        if moment >= until:
            break
        code, place = country_at(legs, moment // DAY)
        rows.checkins.append(
            (new_key(), story.id, traveller, moment_text(moment), "ok", code, place, "")
        )
        due = moment + interval
    story.checkin_due = due
