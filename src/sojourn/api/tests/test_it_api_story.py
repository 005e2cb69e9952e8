"""The whole demo story, played through the API alone (issue 6's "done when").

A researcher of the robotics company (the real seed pack: the US and its allies are
restricted) reports a trip to a summit in San Francisco, completes the justification the live
assessment asks for, submits; the company's officer and then oversight approve; the worker
starts the trip on its first day; the traveller checks in and reports a detour to Toronto,
where a woman asks them to stay in touch (they report her, a traveller of the AI lab reports
her under her Chinese name, and oversight confirms she is one person across the two
organisations); the worker brings them home; they file a detailed debrief, are asked for more,
amend it and file again; the officer accepts and the trip is closed. Every step is an API
call except the passing of time, which is the worker's (`run_pass`) as in production. The audit
trail verifies.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from sojourn.audit.models import AuditEvent
from sojourn.audit.services import verify_chain
from sojourn.care.worker import run_pass
from sojourn.notify.models import Notification
from sojourn.screening import recording
from sojourn.screening.importing import import_snapshot
from sojourn.testing import builders
from sojourn.testing.builders import DAY, HOUR, at

FICTIONAL = Path(recording.__file__).parent / "data" / "fictional-list.csv"


def codes(trip: dict[str, Any]) -> list[str]:
    return [finding["code"] for finding in trip["assessment"]["findings"]]


def her_report(name: str, country: str, on: datetime.date) -> dict[str, str]:
    return {
        "category": "stay_in_touch",
        "channel": "in_person",
        "occurred_on": on.isoformat(),
        "counterpart": name,
        "affiliation": "Horizon Frontier Computing Institute",
        "country": country,
        "narrative": "Asked about our work and to stay in touch.",
    }


def test_the_demo_story_through_the_api_alone(cast, api_for, api_clock, now):
    """GIVEN the shared cast and a robotics researcher, each with their own token
    WHEN the trip is reported, justified, submitted, approved twice, travelled (with a
    check-in and a deviation), debriefed, sent back once, amended and accepted — all via the API,
    time passing through the worker
    THEN every step answers as documented, the trip ends closed and the audit chain verifies."""
    researcher = builders.traveller("engineer", organisation=cast.robo)
    traveller = api_for(researcher)
    officer = api_for(cast.other_officer)
    oversight = api_for(cast.oversight)
    lab = api_for(cast.traveller)
    start = now.date() + 40 * DAY

    # 1. The researcher reports the trip; the live assessment asks for a justification.
    answer = traveller.post(
        "trips",
        {
            "title": "Robotics standards summit",
            "purpose": "conference",
            "legs": [
                {
                    "country": "US",
                    "city": "San Francisco",
                    "starts_on": start.isoformat(),
                    "ends_on": (start + 4 * DAY).isoformat(),
                }
            ],
            "meetings": [
                {
                    "counterpart": "Dr. Ada Chen",
                    "organisation": "Bay Robotics",
                    "country": "US",
                    "topics": "safety standards",
                    "date": (start + DAY).isoformat(),
                }
            ],
        },
        headers={"Idempotency-Key": "story-report"},
    )
    assert answer.status == 201
    trip = answer.json
    trip_id = trip["id"]
    assert trip["assessment_kind"] == "live"
    assert trip["assessment"]["tier"] == "restricted"
    assert trip["assessment"]["necessity_required"] is True
    assert "necessity_missing" in codes(trip)

    # 2. They add the necessity and the alternatives considered; the finding goes away.
    answer = traveller.patch(
        f"trips/{trip_id}",
        {
            "version": trip["version"],
            "necessity": "The working group votes on the standard in person only.",
            "alternatives": "Remote attendance was refused; no colleague holds the vote.",
        },
    )
    assert answer.status == 200
    trip = answer.json
    assert "necessity_missing" not in codes(trip)

    # 3. Submitted: two approval steps, a briefing, check-ins every 24 hours.
    answer = traveller.post(f"trips/{trip_id}/submit", {"version": trip["version"]})
    assert answer.status == 200
    trip = answer.json
    assert trip["status"] == "submitted"
    assert trip["assessment_kind"] == "submitted"
    assert trip["assessment"]["approvals"] == ["org_security", "oversight"]
    assert trip["assessment"]["checkin_hours"] == 24
    assert trip["assessment"]["debrief_depth"] == "detailed"

    # 4. The robotics officer approves with a condition, then oversight approves.
    api_clock(now + 3 * HOUR)
    answer = officer.post(
        f"trips/{trip_id}/decisions",
        {
            "decision": "approve",
            "step": "org_security",
            "conditions": "Travel with a clean laptop.",
            "version": trip["version"],
        },
    )
    assert answer.json["status"] == "submitted"
    api_clock(now + DAY)
    answer = oversight.post(
        f"trips/{trip_id}/decisions",
        {"decision": "approve", "step": "oversight", "version": answer.json["version"]},
    )
    assert answer.status == 200
    trip = answer.json
    assert trip["status"] == "approved"
    assert [(r["step"], r["by"]["username"]) for r in trip["reviews"]] == [
        ("org_security", "other_officer"),
        ("oversight", "oversight"),
    ]

    # 5. The researcher acknowledges the briefing.
    answer = traveller.post(f"trips/{trip_id}/briefing-ack", {"version": trip["version"]})
    assert answer.json["briefing_acknowledged_at"] is not None

    # 6. Time passes: on the first day (noon in San Francisco) the worker starts the trip.
    departure = at(start, 20)
    run_pass(departure)
    api_clock(departure + HOUR)
    trip = traveller.get(f"trips/{trip_id}").json
    assert trip["status"] == "in_progress"
    assert trip["checkin_due_at"] is not None

    # 7. A check-in, then a detour to Toronto (also restricted: nothing reopens).
    answer = traveller.post(
        f"trips/{trip_id}/checkins",
        {"status": "ok", "country": "US", "city": "San Francisco", "note": "Arrived."},
    )
    assert answer.status == 201
    api_clock(departure + DAY)
    answer = traveller.post(
        f"trips/{trip_id}/deviations",
        {
            "country": "CA",
            "city": "Toronto",
            "starts_on": (start + 2 * DAY).isoformat(),
            "ends_on": (start + 3 * DAY).isoformat(),
            "reason": "A partner asked for a day at their Toronto lab.",
        },
    )
    assert answer.status == 201
    api_clock(departure + DAY + HOUR)
    traveller.post(f"trips/{trip_id}/checkins", {"status": "ok", "country": "CA"})

    # 7b. A woman asks the researcher to stay in touch in Toronto, and a traveller of the AI lab
    # too, under her Chinese name: each reports her; oversight confirms she is one person, and
    # sees her as one cluster across the two organisations.
    ids = []
    for api, name, country in ((traveller, "Dr. Xiaomei Li", "CA"), (lab, "李晓梅", "SG")):
        answer = api.post("contact-reports", her_report(name, country, start + DAY))
        assert answer.status == 201, answer.raw[:500]
        ids.append(answer.json["contact_id"])
    [pair] = oversight.get("contacts/suggestions?status=open").json["items"]
    assert (pair["organisation"], {pair["contact_id"], pair["candidate_id"]}) == (None, set(ids))
    decided = oversight.post(f"contacts/suggestions/{pair['id']}/decision", {"decision": "confirm"})
    assert decided.json["status"] == "confirmed"
    cluster_id = oversight.get(f"contacts/{ids[0]}").json["cluster_id"]
    members = oversight.get(f"contacts?cluster_id={cluster_id}").json["items"]
    assert sorted(m["organisation"]["slug"] for m in members) == sorted(
        [cast.lab.slug, cast.robo.slug]
    )
    assert officer.get(f"contacts/{ids[1]}").status == 404  # the other register's
    trip = officer.get(f"trips/{trip_id}").json
    assert [leg["country"] for leg in trip["legs"]] == ["US", "CA"]
    assert trip["needs_reapproval"] is False
    assert [c["country"] for c in trip["checkins"]] == ["CA", "US"]
    # The auditor reads the same trip without where the traveller checked in.
    audited = api_for(cast.auditor).get(f"trips/{trip_id}").json
    assert {c["country"] for c in audited["checkins"]} == {None}

    # 8. Checking in daily while away; after the last day the worker brings them home.
    for day in range(2, 5):
        api_clock(departure + day * DAY)
        traveller.post(f"trips/{trip_id}/checkins", {"status": "ok"})
    back = at(start + 5 * DAY, 20)
    run_pass(back)
    api_clock(back + HOUR)
    trip = traveller.get(f"trips/{trip_id}").json
    assert trip["status"] == "returned"
    assert trip["debrief_due"] is not None

    # 9. A detailed debrief with the meeting held and an incident, filed.
    debrief: dict[str, Any] = {
        "summary": "Two working-group sessions, the vote, one lab visit in Toronto.",
        "materials": "Draft standard v3 (public).",
        "meetings": [
            {
                "counterpart": "Dr. Ada Chen",
                "organisation": "Bay Robotics",
                "country": "US",
                "topics": "safety standards",
                "future_contact_requested": True,
            }
        ],
        "incidents": [
            {
                "kind": "device_inspection",
                "description": "The laptop was inspected at the border for ten minutes.",
                "occurred_on": start.isoformat(),
                "country": "US",
            }
        ],
    }
    assert traveller.put(f"trips/{trip_id}/debrief", debrief).status == 200
    answer = traveller.post(f"trips/{trip_id}/debrief/submit", {"version": trip["version"]})
    assert answer.status == 200
    trip = answer.json
    assert trip["status"] == "debriefed"

    # 10. The officer asks for more; the researcher amends and files again.
    api_clock(back + DAY)
    answer = officer.post(
        f"trips/{trip_id}/debrief/review",
        {
            "decision": "request_info",
            "comment": "Whom did you meet in Toronto?",
            "version": trip["version"],
        },
    )
    trip = answer.json
    assert trip["status"] == "returned"
    assert trip["debrief"]["status"] == "info_requested"
    debrief["meetings"].append(
        {"counterpart": "Prof. Li", "organisation": "Toronto Robotics Lab", "country": "CA"}
    )
    api_clock(back + DAY + 2 * HOUR)
    assert traveller.put(f"trips/{trip_id}/debrief", debrief).status == 200
    trip = traveller.post(f"trips/{trip_id}/debrief/submit", {"version": trip["version"]}).json
    assert trip["status"] == "debriefed"

    # 11. The officer accepts: the trip is closed.
    answer = officer.post(
        f"trips/{trip_id}/debrief/review", {"decision": "accept", "version": trip["version"]}
    )
    trip = answer.json
    assert trip["status"] == "closed"
    assert trip["debrief"]["status"] == "accepted"
    assert len(trip["debrief"]["meetings"]) == 2

    # The story is on record, in order, and the chain verifies.
    actions = list(
        AuditEvent.objects.filter(
            object_type="trips.trip", object_id=str(trip_id), action__startswith="trip."
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "trip.created",
        "trip.edited",
        "trip.submitted",
        "trip.step_approved",
        "trip.approved",
        "trip.briefing_acknowledged",
        "trip.departed",
        "trip.itinerary_changed",
        "trip.returned",
        "trip.debrief_submitted",
        "trip.debrief_info_requested",
        "trip.debrief_submitted",
        "trip.debrief_accepted",
    ]
    # The officer's looks at where the researcher checked in from are on record too.
    assert AuditEvent.objects.filter(action="locations.read", object_id=str(trip_id)).exists()
    assert Notification.objects.filter(recipient=researcher, kind="trip.approved").exists()
    report = verify_chain()
    assert report.ok, report.problem


def test_an_invitation_is_declined_through_the_api(cast, api_for, api_clock, now):
    """GIVEN a robotics researcher invited to a conference in the US
    WHEN they record it and decline it, with a reason, through the API, then record the Paris
    summit's invitation once the fictional list is loaded
    THEN it is declined, no trip is opened, the Paris host's hit is their officer's to see (not
    theirs, nor another organisation's officer's), and the chain verifies."""
    researcher = builders.traveller("engineer", organisation=cast.robo)
    api = api_for(researcher)
    recorded = api.post(
        "invitations",
        {
            "event": "World Robot Conference",
            "host_organisation": "Robot Society",
            "country": "US",
            "city": "Boston",
            "starts_on": (now.date() + 60 * DAY).isoformat(),
            "ends_on": (now.date() + 62 * DAY).isoformat(),
            "paid_by": "host",
        },
    )
    assert recorded.status == 201, recorded.raw[:500]
    invitation_id = recorded.json["id"]
    answer = api.post(
        f"invitations/{invitation_id}/decision",
        {"decision": "decline", "reason": "Not necessary: the talks are published online."},
    )
    assert answer.status == 200
    assert answer.json["invitation"]["decision"] == "declined"
    assert answer.json["trip_id"] is None
    assert api.get("trips").json["items"] == []

    # The Paris summit's host is on the fictional list: recording the invitation screens it,
    # and the company's officer (not the researcher) sees the hit.
    import_snapshot(FICTIONAL, list_id="fictional", format="csv", as_of=now.date(), now=now)
    paris = api.post(
        "invitations",
        {
            "event": "Global AI Summit",
            "host_organisation": "Paris AI Forum",
            "country": "FR",
            "starts_on": (now.date() + 45 * DAY).isoformat(),
            "ends_on": (now.date() + 46 * DAY).isoformat(),
            "paid_by": "host",
        },
    )
    assert paris.status == 201, paris.raw[:500]
    hits = api_for(cast.other_officer).get("screening/hits?source=invitation_host").json["items"]
    assert [(h["invitation_id"], h["entry_id"], h["field"]) for h in hits] == [
        (paris.json["id"], "FX-001", "host_organisation")
    ]
    assert api.get("screening/hits").status == 403
    assert api_for(cast.officer).get("screening/hits?source=invitation_host").json["items"] == []
    assert verify_chain().ok
