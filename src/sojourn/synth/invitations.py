"""Invitations: the one a conference trip answers (accepted when its draft was opened, as
`accept` does), and those no trip answers — declined, or still pending. Each carries the
pre-assessment `record` takes, as if it were a trip reported that day."""

from __future__ import annotations

from sojourn.synth import tables, texts
from sojourn.synth.chance import between, pick
from sojourn.synth.itinerary import Destinations, Itinerary, event_in
from sojourn.synth.people import Person, office_offset
from sojourn.synth.rows import Rows
from sojourn.synth.story import DAY, Context, moment_or_none
from sojourn.synth.timebase import HOUR, date_of, day_text, moment_text

PAID_BY = ("host", "employer", "employer", "third_party", "self")
# Who invited and who pays for what, row by row: not said in the synthetic world (the form's
# blanks), which the engine reads as it reads an invitation recorded before they were asked.
NOT_SAID = ("", "", "[]")


def accepted(ctx: Context, rows: Rows, person: Person, plan: Itinerary, created: int) -> int:
    """The invitation the trip answers; its key."""
    rng = ctx.rng
    assert plan.invitation is not None
    code, place, start, end, _ = plan.legs[0]
    received = created // DAY - between(rng, 3, 40)
    recorded = min(received * DAY + between(rng, 9 * HOUR, 18 * HOUR), created - 5)
    invitation_id = ctx.next_key[tables.INVITATIONS]()
    rows.invitations.append(
        (
            invitation_id,
            person.user_id,
            person.org.id,
            plan.invitation.event,
            plan.invitation.host,
            code,
            place,
            day_text(start),
            day_text(end),
            pick(rng, PAID_BY),
            day_text(received),
            "",
            _pre_assessment(ctx, person, code, place, start, end, recorded),
            "accepted",
            "",
            moment_text(created),
            moment_text(recorded),
            *NOT_SAID,
        )
    )
    return invitation_id


def unanswered(
    ctx: Context, rows: Rows, person: Person, places: Destinations, *, pending: bool, earliest: int
) -> None:
    """Declined (any time in the world's years), or pending (received in the last month)."""
    rng = ctx.rng
    today = ctx.now // DAY
    country = places.country(rng)
    event, place, host = event_in(rng, country)
    if pending:
        received = today - between(rng, 0, 30)
        start = today + between(rng, 15, 150)
    else:
        received = between(rng, earliest, today - 12)
        start = received + between(rng, 20, 120)
    end = start + between(rng, 1, 4)
    office = received * DAY + between(rng, 9 * HOUR, 18 * HOUR) - office_offset(person.org.home)
    recorded = min(office, ctx.now - 1)
    decided = None if pending else min(recorded + between(rng, HOUR, 10 * DAY), ctx.now)
    rows.invitations.append(
        (
            ctx.next_key[tables.INVITATIONS](),
            person.user_id,
            person.org.id,
            f"{event} {date_of(start).year}",
            host,
            country.code,
            place,
            day_text(start),
            day_text(end),
            pick(rng, PAID_BY),
            day_text(received),
            "",
            _pre_assessment(ctx, person, country.code, place, start, end, recorded),
            "pending" if pending else "declined",
            "" if pending else pick(rng, texts.INVITATION_DECLINED),
            moment_or_none(decided),
            moment_text(recorded),
            *NOT_SAID,
        )
    )


def _pre_assessment(
    ctx: Context, person: Person, code: str, place: str, start: int, end: int, recorded: int
) -> str:
    snapshot = ctx.assessor.assess(
        ctx.packs[person.org.profile.pack],
        person.facts,
        [(code, place, start, end, False)],
        reported_on=recorded // DAY,
    )
    return snapshot.document
