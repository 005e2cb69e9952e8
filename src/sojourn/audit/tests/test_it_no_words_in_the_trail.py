"""Audit events carry ids, codes, states and counts, never anyone's words: every service that
takes free text (a title, a reason, a comment, a directive's text, a token's name, a search) is
driven with a marker, and the marker is found in no event's data, while the rows the events
name keep it."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from sojourn.audit.models import AuditEvent
from sojourn.audit.services import verify_chain
from sojourn.care.escalations import follow_up
from sojourn.care.models import Escalation
from sojourn.care.services import DeviationInput, check_in, close_escalation, report_deviation
from sojourn.debriefs import filing
from sojourn.directives import reassess
from sojourn.directives import services as directives
from sojourn.notify import delivery
from sojourn.notify.models import Channel, DeliveryAttempt, Notification
from sojourn.people.services import update_profile
from sojourn.retention import holds
from sojourn.security import tokens
from sojourn.testing import builders
from sojourn.trips import invitations
from sojourn.trips import services as lifecycle
from sojourn.trips.export import csv_response
from sojourn.trips.models import Invitation, Trip, TripStatus

MARKER = "Zyxwerk"
DAY = datetime.timedelta(days=1)


def said(what: str) -> str:
    return f"{MARKER} {what}"


def trail() -> str:
    every = list(AuditEvent.objects.order_by("seq").values_list("action", "data"))
    return json.dumps(every, cls=DjangoJSONEncoder, ensure_ascii=False)


def actions_with_marker() -> list[str]:
    return sorted(
        {
            action
            for action, data in AuditEvent.objects.values_list("action", "data")
            if MARKER in json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
        }
    )


def worded(**changes: object) -> builders.Itinerary:
    return builders.Itinerary(
        title=said("title"),
        city=said("city"),
        necessity=said("necessity"),
        alternatives=said("alternatives"),
        **changes,  # type: ignore[arg-type]
    )


def decisions(cast, now) -> None:
    """Reviews with comments and conditions, a withdrawal and a cancellation with reasons."""
    changes = builders.submitted(cast.traveller, now, worded())
    lifecycle.decide(
        changes, actor=cast.officer, decision="request_changes", comment=said("c1"), now=now
    )
    denied = builders.submitted(cast.traveller, now, worded())
    lifecycle.decide(denied, actor=cast.officer, decision="deny", comment=said("c2"), now=now)
    cancelled = builders.submitted(cast.traveller, now, worded())
    cancelled = lifecycle.decide(
        cancelled,
        actor=cast.officer,
        decision="approve",
        comment=said("c3"),
        conditions=said("conditions"),
        now=now,
    )
    lifecycle.cancel(cancelled, actor=cast.officer, reason=said("cancel"), now=now)
    withdrawn = builders.submitted(cast.traveller, now, worded())
    lifecycle.withdraw(withdrawn, actor=cast.traveller, reason=said("withdraw"), now=now)


def invitation_decisions(cast, now) -> None:
    def invitation() -> Invitation:
        return invitations.record(
            actor=cast.traveller,
            data=invitations.InvitationInput(
                event=said("event"),
                host_organisation=said("host"),
                country="FR",
                city=said("city"),
                starts_on=now.date() + 40 * DAY,
                ends_on=now.date() + 42 * DAY,
                paid_by="host",
                received_on=now.date(),
                notes=said("notes"),
            ),
            now=now,
        )

    invitations.decline(invitation(), actor=cast.traveller, reason=said("decline"), now=now)
    invitations.accept(invitation(), actor=cast.traveller, reason=said("accept"), now=now)


def directives_and_deviations(cast, now) -> None:
    """Directives with texts (an advisory reopens a trip, a hold another, an instruction
    cancels a third), and a deviation into the advisory's country that reopens a trip abroad."""
    abroad = builders.under_way(cast.traveller, now, reviewers=[cast.officer], itinerary=worded())
    held = builders.approved(cast.colleague, now, reviewers=[cast.officer], itinerary=worded())
    _advisory, run = directives.issue_advisory(
        actor=cast.oversight,
        destinations=["FR"],
        starts_on=now.date(),
        ends_on=now.date() + 365 * DAY,
        effect="prohibit",
        text=said("advisory"),
        now=now,
    )
    reassess.resume(run, now=now)
    assert abroad.starts_on is not None
    report_deviation(
        abroad,
        actor=cast.traveller,
        data=DeviationInput(
            country="FR",
            city=said("deviation city"),
            starts_on=abroad.starts_on + DAY,
            ends_on=abroad.starts_on + 2 * DAY,
            reason=said("deviation"),
        ),
        now=builders.at(abroad.starts_on, 10),
    )
    _hold, run = directives.instruct_hold(
        actor=cast.oversight,
        person=cast.colleague,
        hold_until=now.date() + 60 * DAY,
        text=said("hold"),
        now=now,
    )
    reassess.resume(run, now=now)
    held.refresh_from_db()
    assert held.needs_reapproval
    instructed = builders.approved(cast.traveller, now, reviewers=[cast.officer])
    directives.instruct_cancel(actor=cast.oversight, trip=instructed, text=said("cancel"), now=now)


def duty_of_care(cast, now) -> None:
    """A need-help check-in with a place and a note, closed with the officer's note; a late
    report's follow-up; a debrief and its review's comment."""
    abroad = builders.under_way(cast.traveller, now, reviewers=[cast.officer], itinerary=worded())
    assert abroad.starts_on is not None
    check_in(
        abroad,
        actor=cast.traveller,
        status="need_help",
        now=builders.at(abroad.starts_on, 12),
        country="DE",
        city=said("check-in city"),
        note=said("check-in note"),
    )
    escalation = Escalation.objects.get(trip=abroad, kind="need_help")
    close_escalation(
        escalation, actor=cast.officer, note=said("closed"), now=builders.at(abroad.starts_on, 13)
    )
    late = builders.submitted(cast.traveller, now, worded(starts_in_days=-1))
    follow_up(late, actor=cast.officer, note=said("follow-up"), now=now)
    debriefed = builders.debriefed(
        cast.traveller, now, reviewers=[cast.officer], itinerary=worded(), summary=said("summary")
    )
    assert debriefed.ends_on is not None
    filing.review_debrief(
        debriefed,
        actor=cast.officer,
        decision="request_info",
        comment=said("debrief review"),
        now=builders.at(debriefed.ends_on + 2 * DAY),
    )


def records_and_accounts(cast, now) -> None:
    """A token's name, a legal hold's reasons, an emergency contact, a delivery's error that
    echoes an address, and an export's search."""
    made = tokens.create_token(
        actor=cast.traveller, user=cast.traveller, name=said("token"), scope="read", now=now
    )
    assert tokens.authenticate(made.secret, now=now) is not None
    tokens.revoke(made.token, actor=cast.traveller, now=now)
    trip = builders.draft(cast.traveller, now, worded())
    hold = holds.set_hold(actor=cast.officer, reason=said("hold"), now=now, trip=trip)
    holds.clear_hold(hold, actor=cast.officer, reason=said("clear"), now=now)
    update_profile(
        cast.traveller.person,
        actor=cast.traveller,
        language="en",
        emergency_contact_name=said("contact"),
        emergency_contact_phone="+86 10 1234 5678",
        now=now,
    )
    refused = Notification.objects.create(
        recipient=cast.traveller,
        channel=Channel.EMAIL,
        kind="test",
        subject=said("subject"),
        body=said("body"),
        created_at=now,
        attempts=5,
        failed_at=now,
        last_error=f"550 <{MARKER.lower()}@example.test>: mailbox unavailable",
    )
    DeliveryAttempt.objects.create(
        notification=refused, attempted_at=now, ok=False, error=refused.last_error
    )
    assert delivery.retry(refused, actor=cast.officer, now=now)
    csv_response(
        Trip.objects.none(),
        filename="trips.csv",
        language="en",
        actor=cast.officer,
        filters={"scope": "all", "q": said("search")},
        now=now,
    )


STORIES = [
    (
        decisions,
        {
            "trip.created",
            "trip.changes_requested",
            "trip.denied",
            "trip.cancelled",
            "trip.withdrawn",
        },
    ),
    (invitation_decisions, {"invitation.recorded", "invitation.declined", "invitation.accepted"}),
    (
        directives_and_deviations,
        {"directive.advisory", "directive.hold_person", "directive.cancel_trip", "trip.reopened"},
    ),
    (duty_of_care, {"escalation.need_help", "escalation.resolved", "trip.debrief_info_requested"}),
    (
        records_and_accounts,
        {
            "token.created",
            "token.used",
            "token.revoked",
            "legal_hold.set",
            "legal_hold.cleared",
            "person.profile_updated",
            "notification.retry",
            "trips.exported",
        },
    ),
]


@pytest.mark.parametrize(("story", "actions"), STORIES, ids=[s.__name__ for s, _ in STORIES])
def test_no_event_holds_the_words_typed_into_a_service(cast, now, story, actions):
    story(cast, now)

    assert actions <= set(AuditEvent.objects.values_list("action", flat=True))
    assert actions_with_marker() == []
    assert MARKER.lower() not in trail().lower()
    assert verify_chain().ok


def test_the_rows_keep_the_words_the_events_name_by_id(cast, now):
    """The trail points at the rows that hold the words: a cancellation's reason stays on the
    trip, a reopening names its directive and run, a deviation's reopening names it."""
    decisions(cast, now)
    directives_and_deviations(cast, now)

    cancelled = AuditEvent.objects.filter(action="trip.cancelled").order_by("seq").first()
    assert cancelled is not None
    assert cancelled.data["has_reason"] is True
    assert Trip.objects.get(pk=cancelled.object_id).cancel_reason == said("cancel")
    reopenings = [event.data for event in AuditEvent.objects.filter(action="trip.reopened")]
    assert {key for data in reopenings for key in data} >= {"directive_id", "run_id"}
    assert any("deviation_id" in data for data in reopenings)
    withdrawn = AuditEvent.objects.get(action="trip.withdrawn")
    assert withdrawn.data["has_reason"] is True
    assert Trip.objects.get(pk=withdrawn.object_id).status == TripStatus.WITHDRAWN
