"""Every form a person can send, filled in correctly, on an object in the state it acts on.

Each builder sets up what the form needs through the real services and returns the address,
who sends it, the clock the page should see and a complete, valid submission. The bad-input
tests then break one field at a time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User

from sojourn.care import links
from sojourn.care.models import Escalation
from sojourn.conftest import NOW, PASSWORD, Cast
from sojourn.testing import builders
from sojourn.testing.bodies import debrief_post
from sojourn.trips import invitations

# The lab's trip the forms act on: a conference in Berlin.
WORKSHOP = builders.Itinerary(title="Workshop in Berlin", purpose="conference")

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Form:
    url: str
    who: User | None  # None: the form is sent signed out (a one-tap check-in link)
    data: dict[str, str]
    # The time the pages see; most forms act on trips still ahead, seen today.
    at: datetime.datetime = NOW
    # How the page answers bad input: 422 everywhere, but Django's own password view shows its
    # errors with a 200.
    refused: int = 422


def day(days: int) -> str:
    return (NOW.date() + days * DAY).isoformat()


def trip_fields(**changes: str) -> dict[str, str]:
    """The trip form, complete: one leg to Berlin, one planned meeting."""
    return {
        "title": "Workshop in Berlin",
        "purpose": "academic",
        "necessity": "The workshop is in person only.",
        "alternatives": "Remote attendance was refused.",
        "legs-TOTAL_FORMS": "1",
        "legs-INITIAL_FORMS": "0",
        "legs-0-country": "DE",
        "legs-0-city": "Berlin",
        "legs-0-starts_on": day(30),
        "legs-0-ends_on": day(34),
        "meetings-TOTAL_FORMS": "1",
        "meetings-INITIAL_FORMS": "0",
        "meetings-0-counterpart": "Dr. Weber",
        "meetings-0-organisation": "TU Berlin",
        "meetings-0-country": "DE",
        "meetings-0-topics": "robot learning",
        "meetings-0-date": day(31),
        **changes,
    }


def trip_new(cast: Cast) -> Form:
    return Form("/trips/new/", cast.traveller, trip_fields())


def trip_edit(cast: Cast) -> Form:
    trip = builders.draft(cast.traveller, NOW, WORKSHOP)
    return Form(f"/trips/{trip.pk}/edit/", cast.traveller, trip_fields(version=str(trip.version)))


def invitation_fields(**changes: str) -> dict[str, str]:
    return {
        "event": "AI Action Summit",
        "host_organisation": "Élysée",
        "country": "FR",
        "city": "Paris",
        "starts_on": day(40),
        "ends_on": day(41),
        "paid_by": "host",
        "received_on": day(0),
        "notes": "The host pays the hotel.",
        **changes,
    }


def invitation_new(cast: Cast) -> Form:
    return Form("/invitations/new/", cast.traveller, invitation_fields())


def _invitation(cast: Cast) -> int:
    data = invitations.InvitationInput(
        event="AI Action Summit",
        host_organisation="Élysée",
        country="FR",
        city="Paris",
        starts_on=NOW.date() + 40 * DAY,
        ends_on=NOW.date() + 41 * DAY,
        paid_by="host",
        received_on=NOW.date(),
    )
    return invitations.record(actor=cast.traveller, data=data, now=NOW).pk


def invitation_decline(cast: Cast) -> Form:
    url = f"/invitations/{_invitation(cast)}/decline/"
    return Form(url, cast.traveller, {"reason": "The dates clash with a review."})


def withdraw(cast: Cast) -> Form:
    trip = builders.submitted(cast.traveller, NOW, WORKSHOP)
    data = {"version": str(trip.version), "reason": "The workshop moved online."}
    return Form(f"/trips/{trip.pk}/withdraw/", cast.traveller, data)


def _abroad(cast: Cast) -> tuple[int, datetime.datetime]:
    trip = builders.under_way(
        cast.traveller,
        NOW,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    assert trip.starts_on is not None
    return trip.pk, builders.at(trip.starts_on + DAY, 12)


def checkin(cast: Cast) -> Form:
    trip_id, at = _abroad(cast)
    data = {"status": "ok", "country": "DE", "city": "Berlin", "note": "All well."}
    return Form(f"/trips/{trip_id}/checkin/", cast.traveller, data, at)


def checkin_link(cast: Cast) -> Form:
    """The "I need help" page a reminder's link opens, signed out: the token is the credential."""
    trip = builders.under_way(
        cast.traveller,
        NOW,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    assert trip.starts_on is not None
    at = builders.at(trip.starts_on + DAY, 12)
    pair = links.issue(trip, now=at, until=at + DAY)
    data = {"city": "Berlin", "note": "Questioned at the hotel."}
    return Form(f"/checkin/{links.token_for(pair.need_help)}/", None, data, at)


def deviation(cast: Cast) -> Form:
    trip_id, at = _abroad(cast)
    data = {
        "country": "FR",
        "city": "Paris",
        "starts_on": at.date().isoformat(),
        "ends_on": (at.date() + DAY).isoformat(),
        "reason": "The host moved the meeting to Paris.",
    }
    return Form(f"/trips/{trip_id}/deviation/", cast.traveller, data, at)


def debrief(cast: Cast) -> Form:
    trip = builders.returned(
        cast.traveller,
        NOW,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    assert trip.ends_on is not None
    data = debrief_post(
        trip.version,
        summary="Two talks and a lab visit.",
        materials="Slides of the keynote.",
        meetings=[
            {
                "counterpart": "Dr. Weber",
                "organisation": "TU Berlin",
                "country": "DE",
                "topics": "Agents",
            }
        ],
        incidents=[
            {
                "kind": "gift",
                "occurred_on": trip.ends_on.isoformat(),
                "country": "DE",
                "description": "A branded power bank.",
            }
        ],
    )
    return Form(f"/trips/{trip.pk}/debrief/", cast.traveller, data, builders.at(trip.ends_on + DAY))


def review_decision(cast: Cast) -> Form:
    trip = builders.submitted(cast.traveller, NOW, WORKSHOP)
    data = {
        "decision": "approve",
        "conditions": "Travel with a clean laptop.",
        "comment": "Fine.",
        "version": str(trip.version),
        "seen_status": trip.status,
        "opened": NOW.isoformat(),
    }
    return Form(f"/review/{trip.pk}/", cast.officer, data)


def debrief_review(cast: Cast) -> Form:
    trip = builders.file_debrief(
        builders.returned(
            cast.traveller,
            NOW,
            reviewers=[cast.officer],
            itinerary=WORKSHOP,
        )
    )
    data = {"decision": "accept", "comment": "Thorough.", "version": str(trip.version)}
    return Form(f"/debriefs/{trip.pk}/", cast.officer, data)


def follow_up(cast: Cast) -> Form:
    trip = builders.submitted(
        cast.traveller,
        NOW,
        builders.Itinerary(title="Late report to Rome", purpose="conference", starts_in_days=3),
    )
    data = {f"late-{trip.pk}-note": "Called her: the invitation came late."}
    return Form(f"/watch/late-reports/{trip.pk}/follow-up/", cast.officer, data)


def close_escalation(cast: Cast) -> Form:
    trip = builders.under_way(
        cast.traveller,
        NOW,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    builders.missed_checkins(trip)
    escalation = Escalation.objects.get(trip=trip)
    data = {f"escalation-{escalation.pk}-note": "Reached her by phone: all well."}
    assert trip.ends_on is not None
    at = builders.at(trip.ends_on)
    return Form(f"/watch/escalations/{escalation.pk}/close/", cast.officer, data, at)


def advisory(cast: Cast) -> Form:
    data = {
        "destinations": "DE, @FIVE_EYES",
        "starts_on": day(0),
        "ends_on": day(60),
        "effect": "prohibit",
        "tier": "",
        "text": "Travel to Germany and the Five Eyes is suspended.",
    }
    return Form("/directives/advisory/new/", cast.oversight, data)


def instruction_cancel(cast: Cast) -> Form:
    trip = builders.submitted(cast.traveller, NOW, WORKSHOP)
    data = {"trip_id": str(trip.pk), "text": "The host is under sanctions."}
    return Form("/directives/instruction/cancel/", cast.oversight, data)


def instruction_hold(cast: Cast) -> Form:
    data = {
        "person_id": str(cast.traveller.pk),
        "hold_until": day(60),
        "text": "Pending a security review.",
    }
    return Form("/directives/instruction/hold/", cast.oversight, data)


def profile(cast: Cast) -> Form:
    data = {
        "language": "en",
        "emergency_contact_name": "Li Wei",
        "emergency_contact_phone": "+86 10 1234 5678",
    }
    return Form("/account/", cast.traveller, data)


def token(cast: Cast) -> Form:
    data = {
        "token-name": "HR sync",
        "token-scope": "read",
        "token-expires_days": "30",
        "token-once": "a-fresh-form",
    }
    return Form("/account/tokens/", cast.traveller, data)


def password_change(cast: Cast) -> Form:
    data = {
        "old_password": PASSWORD,
        "new_password1": "a much longer passphrase 42",
        "new_password2": "a much longer passphrase 42",
    }
    return Form("/account/password/", cast.traveller, data, refused=200)


FORMS: dict[str, Callable[[Cast], Form]] = {
    "trip-new": trip_new,
    "trip-edit": trip_edit,
    "invitation-new": invitation_new,
    "invitation-decline": invitation_decline,
    "withdraw": withdraw,
    "checkin": checkin,
    "checkin-link": checkin_link,
    "deviation": deviation,
    "debrief": debrief,
    "review-decision": review_decision,
    "debrief-review": debrief_review,
    "follow-up": follow_up,
    "close-escalation": close_escalation,
    "advisory": advisory,
    "instruction-cancel": instruction_cancel,
    "instruction-hold": instruction_hold,
    "profile": profile,
    "token": token,
    "password-change": password_change,
}
