"""A world whose every free-text field holds markup, typed through the web's own forms.

Each field gets its own value, `<field>: <script>…</script>"><img …>{{ 7*7 }}`, so a page can
be checked for exactly the fields it shows. The traveller's own name is hostile too (an
administrator typed it), and so are a policy pack's title, description and device guidance.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from sojourn.care.models import Escalation
from sojourn.conftest import NOW, TEST_PACK, Cast
from sojourn.security.tests.forms import invitation_fields, trip_fields
from sojourn.security.tests.hostile import ATTRIBUTE, SCRIPT, TEMPLATE
from sojourn.testing import builders
from sojourn.testing.bodies import debrief_post
from sojourn.trips.models import Invitation, Trip

DAY = datetime.timedelta(days=1)


def hostile(name: str) -> str:
    return f"{name}: {SCRIPT}{ATTRIBUTE}{TEMPLATE}"


@dataclass
class People:
    """The cast at their browsers: each post signs in afresh, at the time the world is at."""

    cast: Cast

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(getattr(self.cast, who))
        return client

    def post(self, who: str, url: str, data: dict[str, str], expect: int = 302) -> None:
        response = self.client(who).post(url, data)
        assert response.status_code == expect, (url, response.content.decode()[:3000])
        assert not response.get("Location", "").startswith("/login/"), url


@dataclass
class World:
    people: People
    typed: dict[str, str]  # field -> the value typed into it
    trip: Trip  # the traveller's trip, through every step to a debrief sent back
    draft: Trip
    withdrawn: Trip
    late: Trip
    cancelled: Trip
    invitation: Invitation
    declined: Invitation
    escalation: Escalation


def _typed(*names: str) -> dict[str, str]:
    return {name: hostile(name) for name in names}


def _pack(typed: dict[str, str]) -> str:
    """The lab's test pack, version 2, its words hostile and its rules unchanged."""
    text = TEST_PACK.read_text().replace("version: 1", "version: 2")
    text = text.replace("title: Lifecycle test pack", f"title: '{typed['pack_title']}'")
    text = text.replace(
        "description: Every foreign trip",
        f"description: '{typed['pack_description']}'\n# Every foreign trip",
    )
    return text.replace(
        "    risk_weight: 20",
        f"    device_guidance: '{typed['device_guidance']}'\n    risk_weight: 20",
    )


def build(cast: Cast, clock: Callable[[datetime.datetime], None]) -> World:
    """GIVEN markup typed into every form the web offers, by everyone who fills one in."""
    typed = _typed(
        *("title", "necessity", "alternatives", "city", "counterpart", "organisation", "topics"),
        *("event", "host_organisation", "invitation_city", "notes", "decline_reason"),
        *("withdraw_reason", "conditions", "comment", "follow_up", "advisory", "cancel"),
        *("hold", "emergency_contact_name", "token_name"),
        *("pack_title", "pack_description", "device_guidance", "policy_note"),
        *("checkin_city", "checkin_note", "deviation_city", "deviation_reason"),
        *("summary", "materials", "met_counterpart", "met_organisation", "met_topics", "incident"),
        *("debrief_comment", "escalation_note", "first_name", "last_name", "draft_title"),
    )
    cast.traveller.first_name = typed["first_name"][:150]
    cast.traveller.last_name = typed["last_name"][:150]
    cast.traveller.save()
    clock(NOW)
    w = People(cast)

    # The traveller reports: an invitation, one declined, a trip, a draft, a withdrawal.
    w.post(
        "traveller",
        "/invitations/new/",
        invitation_fields(
            event=typed["event"],
            host_organisation=typed["host_organisation"],
            city=typed["invitation_city"],
            notes=typed["notes"],
        ),
    )
    invitation = Invitation.objects.get()
    w.post("traveller", "/invitations/new/", invitation_fields(event="Second summit"))
    declined = Invitation.objects.get(event="Second summit")
    w.post(
        "traveller",
        f"/invitations/{declined.pk}/decline/",
        {"reason": typed["decline_reason"]},
    )
    w.post(
        "traveller",
        "/trips/new/",
        trip_fields(
            action="submit",
            title=typed["title"],
            necessity=typed["necessity"],
            alternatives=typed["alternatives"],
            **{
                "legs-0-city": typed["city"],
                "meetings-0-counterpart": typed["counterpart"],
                "meetings-0-organisation": typed["organisation"],
                "meetings-0-topics": typed["topics"],
            },
        ),
    )
    trip = Trip.objects.get(title=typed["title"])
    w.post("traveller", "/trips/new/", trip_fields(title=typed["draft_title"]))
    draft = Trip.objects.get(title=typed["draft_title"])
    withdrawn = builders.submitted(
        cast.traveller, NOW, builders.Itinerary(title="Withdrawn workshop", purpose="conference")
    )
    w.post(
        "traveller",
        f"/trips/{withdrawn.pk}/withdraw/",
        {"version": str(withdrawn.version), "reason": typed["withdraw_reason"]},
    )
    late = builders.submitted(
        cast.traveller,
        NOW,
        builders.Itinerary(title="Late report to Rome", purpose="conference", starts_in_days=3),
    )
    # A colleague abroad at the same time, who will fall silent (before travel is held).
    silent = builders.under_way(
        cast.colleague,
        NOW,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Quiet trip", purpose="conference"),
    )

    # The officer decides and follows up; oversight directs.
    w.post(
        "officer",
        f"/review/{trip.pk}/",
        {
            "decision": "approve",
            "conditions": typed["conditions"],
            "comment": typed["comment"],
            "version": str(Trip.objects.get(pk=trip.pk).version),
        },
    )
    w.post(
        "officer",
        f"/watch/late-reports/{late.pk}/follow-up/",
        {f"late-{late.pk}-note": typed["follow_up"]},
    )
    advisory = {
        "destinations": "BR",
        "starts_on": NOW.date().isoformat(),
        "ends_on": (NOW.date() + 60 * DAY).isoformat(),
        "effect": "prohibit",
        "tier": "",
        "text": typed["advisory"],
    }
    w.post("oversight", "/directives/advisory/new/", advisory)
    cancelled = builders.submitted(
        cast.colleague, NOW, builders.Itinerary(title="Cancelled visit", purpose="conference")
    )
    w.post(
        "oversight",
        "/directives/instruction/cancel/",
        {"trip_id": str(cancelled.pk), "text": typed["cancel"]},
    )
    hold = {
        "person_id": str(cast.colleague.pk),
        "hold_until": (NOW.date() + 30 * DAY).isoformat(),
        "text": typed["hold"],
    }
    w.post("oversight", "/directives/instruction/hold/", hold)
    w.post(
        "oversight",
        "/policies/new/issue/",
        {"source": _pack(typed), "note": typed["policy_note"]},
    )

    # The traveller's account: an emergency contact and a token.
    w.post(
        "traveller",
        "/account/",
        {
            "language": "en",
            "emergency_contact_name": typed["emergency_contact_name"][:200],
            "emergency_contact_phone": "+86 10 1234 5678",
        },
    )
    w.post(
        "traveller",
        "/account/tokens/",
        {"token-name": typed["token_name"][:100], "token-scope": "read", "token-once": "x"},
        expect=200,
    )

    # Abroad: a check-in, a change of plan; a colleague who fell silent, resolved.
    trip.refresh_from_db()
    assert trip.starts_on is not None
    assert trip.ends_on is not None
    builders.departed(trip)
    abroad = builders.at(trip.starts_on + DAY, 12)
    clock(abroad)
    w.post(
        "traveller",
        f"/trips/{trip.pk}/checkin/",
        {
            "status": "ok",
            "country": "DE",
            "city": typed["checkin_city"],
            "note": typed["checkin_note"],
        },
    )
    w.post(
        "traveller",
        f"/trips/{trip.pk}/deviation/",
        {
            "country": "FR",
            "city": typed["deviation_city"],
            "starts_on": abroad.date().isoformat(),
            "ends_on": (abroad.date() + DAY).isoformat(),
            "reason": typed["deviation_reason"],
        },
    )
    builders.missed_checkins(silent)
    escalation = Escalation.objects.get(trip=silent)
    w.post(
        "officer",
        f"/watch/escalations/{escalation.pk}/close/",
        {f"escalation-{escalation.pk}-note": typed["escalation_note"]},
    )

    # Home, the debrief, and the officer asking for more.
    trip.refresh_from_db()
    assert trip.ends_on is not None
    builders.came_home(trip)
    back = builders.at(trip.ends_on + DAY, 10)
    clock(back)
    trip.refresh_from_db()
    w.post(
        "traveller",
        f"/trips/{trip.pk}/debrief/",
        debrief_post(
            trip.version,
            action="submit",
            summary=typed["summary"],
            materials=typed["materials"],
            meetings=[
                {
                    "counterpart": typed["met_counterpart"][:200],
                    "organisation": typed["met_organisation"][:200],
                    "country": "DE",
                    "topics": typed["met_topics"],
                }
            ],
            incidents=[{"kind": "approach", "country": "DE", "description": typed["incident"]}],
        ),
    )
    trip.refresh_from_db()
    w.post(
        "officer",
        f"/debriefs/{trip.pk}/",
        {
            "decision": "request_info",
            "comment": typed["debrief_comment"],
            "version": str(trip.version),
        },
    )
    trip.refresh_from_db()
    return World(
        w, typed, trip, draft, withdrawn, late, cancelled, invitation, declined, escalation
    )


@pytest.fixture
def world(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> World:
    def clock(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return build(cast, clock)
