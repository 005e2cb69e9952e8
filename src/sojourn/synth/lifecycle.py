"""What happened to a synthetic trip up to `now`, written as the rows the services would have left.

Each trip lives its story forward in time — drafted, reported, assessed, reviewed step by step
(`approvals`), approved, briefed, departed, checked in, returned (`travel`), debriefed and
reviewed (`debriefing`) — and stops where `now` falls. So every live state turns up where it
would in a real deployment: drafts and pending reviews ahead, travellers abroad with a check-in
due, debriefs due and overdue behind, and years of closed trips.

The columns the app keeps in step are set as its services set them (`sojourn.trips.services`):
the assessment snapshot and its denormalised columns at each submission, `review_round` and a
review row per step and round (the system's own review for an automatic outcome),
`late_report` and `follow_up_due` with the late-report escalation, `checkin_due_at` while
abroad, `debrief_due` on return, `report_by` on drafts, and the version bumped by every move.
"""

from __future__ import annotations

import json

from sojourn.synth import invitations, tables
from sojourn.synth.approvals import report
from sojourn.synth.chance import pick
from sojourn.synth.itinerary import Destinations, Itinerary
from sojourn.synth.people import Person
from sojourn.synth.rows import Rows
from sojourn.synth.story import DAY, Context, Story, day_or_none, moment_or_none
from sojourn.synth.timebase import day_text, end_of_day_text, moment_text

DRAFT_EDITS = (0, 0, 1, 2)


class Lives:
    """Plays each trip's story up to `now` and adds its rows; counts the trips by status."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.statuses: dict[str, int] = {}

    def trip(
        self, rows: Rows, person: Person, plan: Itinerary, *, created: int, submitted: int
    ) -> None:
        ctx = self.ctx
        story = Story(ctx.next_key[tables.TRIPS](), person, plan, created, updated=created)
        story.version += pick(ctx.rng, DRAFT_EDITS)
        invitation = None
        if plan.invitation is not None:
            invitation = invitations.accepted(ctx, rows, person, plan, created)
        if submitted > ctx.now:
            # Not reported yet: a draft keeps only the report-by date, for its reminder.
            report_by = ctx.assess(story, created // DAY).report_by
        else:
            report(ctx, rows, story, submitted)
            report_by = story.assessed.report_by
        self._late_reports(rows, story)
        rows.trips.append(_trip_row(story, invitation, report_by))
        new_leg = ctx.next_key[tables.LEGS]
        for position, (code, place, start, end, transit) in enumerate(plan.legs):
            days = day_text(start), day_text(end)
            rows.legs.append((new_leg(), story.id, position, code, place, *days, transit))
        new_meeting = ctx.next_key[tables.MEETINGS]
        for counterpart, organisation, code, topics, day in plan.meetings:
            meeting = (counterpart, organisation, code, topics, day_or_none(day))
            rows.meetings.append((new_meeting(), story.id, *meeting))
        self.statuses[story.status] = self.statuses.get(story.status, 0) + 1

    def unanswered_invitation(
        self, rows: Rows, person: Person, places: Destinations, *, pending: bool, earliest: int
    ) -> None:
        invitations.unanswered(self.ctx, rows, person, places, pending=pending, earliest=earliest)

    def _late_reports(self, rows: Rows, story: Story) -> None:
        """The escalation `open_late_report` opens at each late submission, resolved by the
        decision, the officer's follow-up, a withdrawal or a cancellation."""
        for opened, round_, under_way, due in story.late_reports:
            resolved_at, resolution, by = story.resolved.get(round_, (None, "", None))
            data = json.dumps({"follow_up_due": day_text(due), "under_way": under_way})
            rows.escalations.append(
                (
                    self.ctx.next_key[tables.ESCALATIONS](),
                    story.id,
                    "late_report",
                    f"submitted:{round_}",
                    under_way,
                    moment_text(opened),
                    end_of_day_text(due),
                    moment_or_none(resolved_at),
                    resolution,
                    by,
                    data,
                )
            )


def _trip_row(story: Story, invitation: int | None, report_by: int | None) -> tables.Row:
    snap = story.snapshot
    plan = story.plan
    debrief_due = story.debrief_due or (snap.debrief_due if snap else None)
    checkin_due = story.checkin_due if story.status == "in_progress" else None
    return (
        story.id,
        story.person.user_id,
        story.person.org.id,
        plan.title,
        plan.purpose,
        plan.necessity,
        plan.alternatives,
        invitation,
        story.status,
        story.version,
        False,
        story.review_round,
        day_text(plan.departs),
        day_text(plan.returns),
        story.document,
        snap.policy if snap else "",
        snap.tier if snap else "",
        snap.route if snap else "",
        snap.risk_score if snap else None,
        day_or_none(report_by),
        day_or_none(debrief_due),
        story.late,
        day_or_none(story.follow_up_due),
        story.cancel_reason,
        story.withdraw_reason,
        snap.checkin_hours if snap else None,
        moment_or_none(checkin_due),
        moment_or_none(story.briefed),
        moment_text(story.created),
        moment_text(story.updated),
        moment_or_none(story.submitted),
        moment_or_none(story.decided),
        moment_or_none(story.departed),
        moment_or_none(story.returned),
        moment_or_none(story.closed),
    )
