"""Home again: the debrief started, filed (mostly by its deadline, some late, a few never),
and reviewed by an officer — accepted, which closes the trip, or sent back once for more."""

from __future__ import annotations

from sojourn.synth import tables, texts
from sojourn.synth.chance import Weighted, between, pick
from sojourn.synth.itinerary import country_at
from sojourn.synth.people import office_offset
from sojourn.synth.rows import Rows
from sojourn.synth.story import DAY, Context, Story, moment_or_none
from sojourn.synth.timebase import HOUR, day_text, moment_text

NEVER_FILED_SHARE = 0.004
ON_TIME_SHARE = 0.85
INFO_REQUESTED_SHARE = 0.07
INCIDENTS = Weighted.of(
    (
        ("device_inspection", 40),
        ("questioning", 20),
        ("approach", 20),
        ("gift", 12),
        ("harassment", 4),
        ("detention", 1),
        ("other", 3),
    )
)


def debrief(ctx: Context, rows: Rows, story: Story, returned: int) -> None:
    rng = ctx.rng
    due = story.debrief_due
    assert due is not None
    if rng.random() < NEVER_FILED_SHARE:
        return  # long overdue, for ever
    if rng.random() < ON_TIME_SHARE:
        day = between(rng, returned // DAY, max(returned // DAY, due))
    else:
        day = due + between(rng, 1, 25)
    office = day * DAY + between(rng, 8 * HOUR, 20 * HOUR) - office_offset(story.person.org.home)
    filed = max(office, returned + HOUR)
    started = max(returned + 10, filed - between(rng, 0, 3 * DAY))
    if started > ctx.now:
        return
    debrief_id = ctx.next_key[tables.DEBRIEFS]()
    if filed > ctx.now:
        when = moment_text(started)
        draft = (debrief_id, story.id, "draft", texts.DEBRIEF_DRAFT, "", False, when, when)
        # Neither anonymised nor archived: retention reaches a debrief years after its trip.
        rows.debriefs.append((*draft, None, None, None, "", None, None))
        return
    story.move("debriefed", filed)
    status, submitted, reviewer, reviewed, comment = "submitted", filed, None, None, ""
    review = filed + between(rng, 3 * HOUR, 6 * DAY)
    if review <= ctx.now and rng.random() < INFO_REQUESTED_SHARE:
        reviewer = pick(rng, story.person.org.officers)
        reviewed, comment = review, pick(rng, texts.INFO_REQUESTED)
        story.move("returned", review)
        status = "info_requested"
        again = review + between(rng, DAY, 5 * DAY)
        review = ctx.now + 1
        if again <= ctx.now:
            story.move("debriefed", again)
            status, submitted = "submitted", again
            review = again + between(rng, 3 * HOUR, 4 * DAY)
    if review <= ctx.now:
        reviewer = pick(rng, story.person.org.officers)
        reviewed, comment = review, pick(rng, texts.REVIEW_COMMENTS)
        story.move("closed", review)
        story.closed = review
        status = "accepted"
    updated = max(filed, submitted, reviewed or 0)
    no_meetings = _held(ctx, rows, story, debrief_id)
    rows.debriefs.append(
        (
            debrief_id,
            story.id,
            status,
            pick(rng, texts.SUMMARIES),
            pick(rng, texts.MATERIALS),
            no_meetings,
            moment_text(started),
            moment_text(updated),
            moment_text(submitted),
            reviewer,
            moment_or_none(reviewed),
            comment,
            None,
            None,
        )
    )
    _incidents(ctx, rows, story, debrief_id)


def _held(ctx: Context, rows: Rows, story: Story, debrief_id: int) -> bool:
    """The meetings held: most of those planned, now and then another. True when there were
    none — said explicitly, as a detailed debrief must."""
    rng = ctx.rng
    if not story.assessed.meetings_required and rng.random() < 0.7:
        return False
    plan = story.plan
    held = [(m[0], m[1], m[2], m[3]) for m in plan.meetings if rng.random() < 0.9]
    if rng.random() < 0.3:
        code, place = country_at(plan.legs, plan.departs)
        organisation = pick(rng, texts.COUNTERPART_ORGS).format(city=place)
        held.append(
            (pick(rng, texts.COUNTERPART_NAMES), organisation, code, pick(rng, texts.TOPICS))
        )
    new_key = ctx.next_key[tables.DEBRIEF_MEETINGS]
    for name, organisation, code, topic in held:
        sensitive, follow_up = rng.random() < 0.04, rng.random() < 0.2
        rows.debrief_meetings.append(
            (new_key(), debrief_id, name, organisation, code, topic, sensitive, follow_up)
        )
    return not held


def _incidents(ctx: Context, rows: Rows, story: Story, debrief_id: int) -> None:
    """Now and then something happened: more often where a briefing was required."""
    rng = ctx.rng
    if rng.random() >= (0.04 if story.assessed.briefing_required else 0.015):
        return
    kind = INCIDENTS(rng)
    day = between(rng, story.plan.departs, story.plan.returns)
    code, _place = country_at(story.plan.legs, day)
    rows.incidents.append(
        (
            ctx.next_key[tables.INCIDENTS](),
            debrief_id,
            kind,
            day_text(day),
            code,
            pick(rng, texts.INCIDENT_TEXT[kind]),
        )
    )
