"""The API's operations that take a body, as its OpenAPI description states them, and one valid
call of each (who makes it, the address, the body), for the bad-input tests to spoil.

A new operation appears in `WITH_BODY` by itself; `EXAMPLES` must then be given its call (a test
fails until it is).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sojourn.api.api import api
from sojourn.api.tests.conftest import Answer
from sojourn.conftest import TEST_PACK, Cast
from sojourn.contacts.models import Suggestion
from sojourn.contacts.reports import ContactReportInput, file_contact_report
from sojourn.debriefs.services import save_draft
from sojourn.retention import holds
from sojourn.screening import recording
from sojourn.screening.importing import import_snapshot
from sojourn.screening.models import Hit
from sojourn.testing import bodies, builders
from sojourn.trips import invitations
from sojourn.trips.models import Trip

FICTIONAL = Path(recording.__file__).parent / "data" / "fictional-list.csv"
# The lab's trip: the one bodies.trip_body describes (four days in Berlin).
WORKSHOP = builders.Itinerary(title="Workshop in Berlin", days=4)

PREFIX = "/api/v1/"
DESCRIPTION = api.get_openapi_schema(path_prefix=PREFIX)
SCHEMAS = DESCRIPTION["components"]["schemas"]
WITH_BODY = sorted(
    (method.upper(), path)
    for path, operations in DESCRIPTION["paths"].items()
    for method, operation in operations.items()
    if "requestBody" in operation
)
DAY = datetime.timedelta(days=1)
TOKENS = ("api.AccessToken",)  # a token notes when it was last used: left out of `stored()`


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its reference followed, and a nullable field as its non-null type."""
    if "$ref" in schema:
        return resolve(SCHEMAS[schema["$ref"].rsplit("/", 1)[1]])
    branches = [branch for branch in schema.get("anyOf", []) if branch.get("type") != "null"]
    return resolve(branches[0]) if len(branches) == 1 else schema


def body_schema(method: str, path: str) -> dict[str, Any]:
    operation = DESCRIPTION["paths"][path][method.lower()]
    return resolve(operation["requestBody"]["content"]["application/json"]["schema"])


def problem_fields(answer: Answer, status: int) -> dict[str, str]:
    """A problem+json answer of this status: its errors as {field: message}."""
    assert answer.status == status, answer.raw[:500]
    assert answer.content_type == "application/problem+json"
    assert answer.json["status"] == status
    return answer.problem_fields


Clock = Callable[[datetime.datetime], None]
Call = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Example:
    """A valid call: who makes it (a username), the address and body (made with the cast, the
    time and the API's clock), and where the texts are read back when the answer lacks them."""

    who: str
    make: Callable[[Cast, datetime.datetime, Clock], Call]
    # The texts as stored, for what the answer does not show (given the address called).
    kept: Callable[[str], list[str]] | None = None
    grammar: tuple[str, ...] = ()  # texts with a grammar of their own (YAML), left as they are
    stores: bool = True  # False: the operation keeps nothing (an assessment, a preview)


def _create(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    return "trips", bodies.trip_body(now, necessity="In person only.", alternatives="None.")


def _patch(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip = builders.draft(cast.traveller, now, WORKSHOP)
    return f"trips/{trip.pk}", {**bodies.trip_body(now, necessity="Why."), "version": 1}


def _submit(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    return f"trips/{builders.draft(cast.traveller, now, WORKSHOP).pk}/submit", {"version": 1}


def _decide(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    body = {"decision": "approve", "comment": "Fine.", "conditions": "A clean laptop."}
    return f"trips/{trip.pk}/decisions", {**body, "version": trip.version}


def _withdraw(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    return f"trips/{trip.pk}/withdraw", {"version": trip.version, "reason": "Moved online."}


def _cancel(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    return f"trips/{trip.pk}/cancel", {"version": trip.version, "reason": "Sanctioned host."}


def _briefing(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip = builders.approved(
        builders.traveller("engineer", organisation=cast.robo),
        now,
        reviewers=[cast.other_officer, cast.oversight],
        itinerary=builders.summit(),
    )
    return f"trips/{trip.pk}/briefing-ack", {"version": trip.version}


def _abroad(cast: Cast, now: datetime.datetime, clock: Clock) -> int:
    trip = builders.under_way(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    assert trip.starts_on is not None
    clock(builders.at(trip.starts_on + DAY))
    return trip.pk


def _checkin(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    body = {"status": "ok", "country": "DE", "city": "Berlin", "note": "All well."}
    return f"trips/{_abroad(cast, now, clock)}/checkins", body


def _deviation(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip_id = _abroad(cast, now, clock)
    starts_on = Trip.objects.get(pk=trip_id).starts_on
    assert starts_on is not None
    day = starts_on + DAY
    body = {
        "country": "FR",
        "city": "Paris",
        "starts_on": day.isoformat(),
        "ends_on": (day + DAY).isoformat(),
        "reason": "The meeting moved.",
    }
    return f"trips/{trip_id}/deviations", body


def _back(cast: Cast, now: datetime.datetime, clock: Clock) -> int:
    trip = builders.returned(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
    )
    assert trip.ends_on is not None
    clock(builders.at(trip.ends_on + DAY))
    return trip.pk


def _debrief(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    body = {
        "summary": "Two talks.",
        "materials": "Slides.",
        "meetings": [{"counterpart": "Dr. Weber", "organisation": "TU Berlin", "topics": "AI"}],
        "incidents": [{"kind": "gift", "description": "A pen."}],
    }
    return f"trips/{_back(cast, now, clock)}/debrief", body


def _debrief_submit(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip_id = _back(cast, now, clock)
    trip = Trip.objects.get(pk=trip_id)
    assert trip.ends_on is not None
    save_draft(trip, actor=cast.traveller, now=builders.at(trip.ends_on + DAY), summary="Talks.")
    return f"trips/{trip_id}/debrief/submit", {"version": trip.version}


def _debrief_review(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip = builders.debriefed(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=WORKSHOP,
        summary="Two talks, one lab visit.",
    )
    body = {"decision": "request_info", "comment": "Name the lab.", "version": trip.version}
    return f"trips/{trip.pk}/debrief/review", body


def _invitation(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    body = {
        "event": "AI Action Summit",
        "host_organisation": "Élysée",
        "country": "FR",
        "city": "Paris",
        "starts_on": (now.date() + 40 * DAY).isoformat(),
        "ends_on": (now.date() + 41 * DAY).isoformat(),
        "paid_by": "host",
        "notes": "The host pays.",
    }
    return "invitations", body


def _decline(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    _url, body = _invitation(cast, now, clock)
    data = {**body, "received_on": now.date().isoformat()}
    for name in ("starts_on", "ends_on", "received_on"):
        data[name] = datetime.date.fromisoformat(data[name])
    recorded = invitations.record(
        actor=cast.traveller, data=invitations.InvitationInput(**data), now=now
    )
    return f"invitations/{recorded.pk}/decision", {"decision": "decline", "reason": "Clash."}


def _assess(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    return "assess", bodies.trip_body(now, necessity="In person only.")


def _policy(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    source = TEST_PACK.read_text().replace("version: 1", "version: 2")
    return "policies", {"source": source, "issue": True, "note": "Same rules."}


def _whatif(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    return "policies/whatif", {"source": TEST_PACK.read_text().replace("version: 1", "version: 2")}


def _advisory(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    body = {
        "kind": "advisory",
        "text": "Travel to Brazil is suspended.",
        "destinations": ["BR"],
        "starts_on": now.date().isoformat(),
        "ends_on": (now.date() + 30 * DAY).isoformat(),
        "effect": "prohibit",
    }
    return "directives", body


def _hold(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    return "legal-holds", {"trip_id": trip.pk, "reason": "Case 2026-14."}


def _clear_hold(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    trip = builders.submitted(cast.traveller, now, WORKSHOP)
    hold = holds.set_hold(actor=cast.officer, trip=trip, reason="Case 2026-14.", now=now)
    return f"legal-holds/{hold.pk}/clear", {"reason": "The case is closed."}


def _contact_report(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    body = {
        "category": "stay_in_touch",
        "channel": "in_person",
        "occurred_on": (now.date() - DAY).isoformat(),
        "counterpart": "Dr. Mei Lin",
        "affiliation": "Institute of Robotics",
        "country": "SG",
        "city": "Singapore",
        "email": "mei.lin@example.org",
        "narrative": "She asked about our funding and to stay in touch.",
    }
    return "contact-reports", body


def _reported(cast: Cast, traveller: str, counterpart: str, now: datetime.datetime) -> int:
    report = file_contact_report(
        ContactReportInput(
            category="stay_in_touch",
            channel="in_person",
            occurred_on=now.date() - DAY,
            counterpart=counterpart,
            narrative="Asked to stay in touch.",
        ),
        traveller=getattr(cast, traveller),
        now=now,
    )
    assert report.contact_id is not None
    return report.contact_id


def _suggestion_decision(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    _reported(cast, "traveller", "Zhang Wei", now)
    _reported(cast, "colleague", "Wei Zhang", now)
    suggestion = Suggestion.objects.get(organisation=cast.lab, status="open")
    return f"contacts/suggestions/{suggestion.pk}/decision", {"decision": "reject"}


def _dismissal(cast: Cast, now: datetime.datetime, clock: Clock) -> Call:
    """Lin Meihua, whom the fictional list names (FX-003), reported by the lab's traveller."""
    import_snapshot(
        FICTIONAL,
        list_id="fictional",
        format="csv",
        as_of=now.date(),
        now=now,
        actor=cast.oversight,
    )
    contact_id = _reported(cast, "traveller", "Lin Meihua", now)
    hit = Hit.objects.get(contact_id=contact_id, entry__entry_id="FX-003")
    return f"screening/hits/{hit.pk}/dismissal", {"reason": "Another person: born in 1990."}


def _reason(url: str) -> list[str]:
    return [Trip.objects.get(pk=int(url.split("/")[1])).withdraw_reason]


EXAMPLES: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/trips"): Example("traveller", _create),
    ("PATCH", "/api/v1/trips/{trip_id}"): Example("traveller", _patch),
    ("POST", "/api/v1/trips/{trip_id}/submit"): Example("traveller", _submit),
    ("POST", "/api/v1/trips/{trip_id}/decisions"): Example("officer", _decide),
    # The API does not show a withdrawal's reason (the web's trip page does).
    ("POST", "/api/v1/trips/{trip_id}/withdraw"): Example("traveller", _withdraw, kept=_reason),
    ("POST", "/api/v1/trips/{trip_id}/cancel"): Example("officer", _cancel),
    ("POST", "/api/v1/trips/{trip_id}/briefing-ack"): Example("engineer", _briefing),
    ("POST", "/api/v1/trips/{trip_id}/checkins"): Example("traveller", _checkin),
    ("POST", "/api/v1/trips/{trip_id}/deviations"): Example("traveller", _deviation),
    ("PUT", "/api/v1/trips/{trip_id}/debrief"): Example("traveller", _debrief),
    ("POST", "/api/v1/trips/{trip_id}/debrief/submit"): Example("traveller", _debrief_submit),
    ("POST", "/api/v1/trips/{trip_id}/debrief/review"): Example("officer", _debrief_review),
    ("POST", "/api/v1/invitations"): Example("traveller", _invitation),
    ("POST", "/api/v1/invitations/{invitation_id}/decision"): Example("traveller", _decline),
    ("POST", "/api/v1/assess"): Example("traveller", _assess, stores=False),
    ("POST", "/api/v1/policies"): Example("oversight", _policy, grammar=("source",)),
    ("POST", "/api/v1/policies/whatif"): Example(
        "oversight", _whatif, grammar=("source",), stores=False
    ),
    ("POST", "/api/v1/directives"): Example("oversight", _advisory),
    ("POST", "/api/v1/legal-holds"): Example("officer", _hold),
    ("POST", "/api/v1/legal-holds/{legal_hold_id}/clear"): Example("officer", _clear_hold),
    # An e-mail address, a phone number and a handle are read by their own grammar.
    ("POST", "/api/v1/contact-reports"): Example(
        "traveller", _contact_report, grammar=("email", "phone", "handle")
    ),
    ("POST", "/api/v1/contacts/suggestions/{suggestion_id}/decision"): Example(
        "officer", _suggestion_decision
    ),
    ("POST", "/api/v1/screening/hits/{hit_id}/dismissal"): Example("officer", _dismissal),
}
