"""The contact register through the API: contact reports filed (idempotent, validated, scoped,
audited when another person reads one) and contacts read as each role's register holds them,
every read of a contact audited."""

from __future__ import annotations

from typing import Any

from sojourn.audit.models import AuditEvent
from sojourn.contacts.models import ContactReport, Sighting

KEY = {"Idempotency-Key": "7d3e5a40-0b1c-4f55-8c1e-6a2f0e9b1c11"}
REPORT: dict[str, Any] = {
    "category": "stay_in_touch",
    "channel": "in_person",
    "occurred_on": "2026-02-27",
    "counterpart": "Dr. Mei Lin",
    "narrative": "She asked about our funding and to stay in touch.",
    "country": "SG",
    "city": "Singapore",
    "email": "Mei.Lin@Example.org",
}


def reads(action: str) -> list[tuple[str, str]]:
    events = AuditEvent.objects.filter(action=action).order_by("seq")
    return [(event.actor_label, event.object_id) for event in events]


def test_a_traveller_files_a_contact_report_once_per_key(cast, api_for, api_clock):
    """GIVEN a traveller WHEN they file a report twice with one Idempotency-Key THEN one report
    is filed, matched to a contact, and the replay answers the first response."""
    api = api_for(cast.traveller)

    first = api.post("contact-reports", REPORT, headers=KEY)
    again = api.post("contact-reports", REPORT, headers=KEY)

    assert first.status == 201, first.raw
    filed = first.json
    assert (filed["category"], filed["counterpart"], filed["email"]) == (
        "stay_in_touch",
        "Dr. Mei Lin",
        "Mei.Lin@Example.org",
    )
    assert filed["traveller"]["username"] == "traveller"
    assert filed["reported_on"] == "2026-03-02"
    assert filed["contact_id"] == Sighting.objects.get().contact_id
    assert (again.status, again.raw, again.headers["Idempotent-Replayed"]) == (
        201,
        first.raw,
        "true",
    )
    assert ContactReport.objects.count() == 1


def test_bad_reports_are_refused_naming_the_field(cast, api_for, api_clock):
    api = api_for(cast.traveller)

    future = api.post("contact-reports", {**REPORT, "occurred_on": "2026-03-09"})
    bad_mail = api.post("contact-reports", {**REPORT, "email": "not an address"})
    bad_phone = api.post("contact-reports", {**REPORT, "phone": "12"})
    no_name = api.post("contact-reports", {**REPORT, "counterpart": "  "})
    unknown = api.post("contact-reports", {**REPORT, "colour": "red"})
    wrong = api.post("contact-reports", {**REPORT, "category": "gossip"})
    by_officer = api_for(cast.officer).post("contact-reports", REPORT)
    read_only = api_for(cast.traveller, scope="read").post("contact-reports", REPORT)

    assert future.status == 422
    assert "occurred_on" in future.problem_fields
    assert bad_mail.status == 422
    assert "email" in bad_mail.problem_fields
    assert bad_phone.status == 422
    assert "phone" in bad_phone.problem_fields
    assert no_name.status == 422
    assert "counterpart" in no_name.problem_fields
    assert unknown.status == 422
    assert "colour" in unknown.problem_fields
    assert wrong.status == 422
    assert "category" in wrong.problem_fields
    assert by_officer.status == 403
    assert read_only.status == 403
    assert ContactReport.objects.count() == 0


def test_reports_are_read_as_trips_are_and_others_reads_audited(cast, api_for, api_clock):
    """GIVEN a traveller's report WHEN each role lists and reads it THEN the traveller and the
    organisation's officer see it, a colleague and another organisation's officer do not; the
    officer's read is audited, the traveller's own is not."""
    report_id = api_for(cast.traveller).post("contact-reports", REPORT).json["id"]
    listed = {
        role: [r["id"] for r in api_for(getattr(cast, role)).get("contact-reports").json["items"]]
        for role in ("traveller", "colleague", "officer", "other_officer", "auditor")
    }
    assert listed == {
        "traveller": [report_id],
        "colleague": [],
        "officer": [report_id],
        "other_officer": [],
        "auditor": [report_id],
    }
    assert api_for(cast.officer).get("contact-reports", late_report="true").json["items"] == []

    own = api_for(cast.traveller).get(f"contact-reports/{report_id}")
    officer = api_for(cast.officer).get(f"contact-reports/{report_id}")
    colleague = api_for(cast.colleague).get(f"contact-reports/{report_id}")

    assert own.status == officer.status == 200
    assert officer.json["narrative"] == REPORT["narrative"]
    assert colleague.status == 404
    assert reads("contact_report.read") == [("officer", str(report_id))]


def test_contacts_are_each_roles_register_and_every_read_is_audited(cast, api_for, api_clock):
    """GIVEN a contact two travellers of the lab reported (the same e-mail) WHEN each reads it
    THEN a traveller sees only their own sighting and no notes, flag or hits, the officer every
    sighting; another organisation's officer gets a 404; each read is audited by id."""
    api_for(cast.traveller).post("contact-reports", REPORT)
    second = {**REPORT, "counterpart": "Lin Mei", "email": "mei.lin@example.org"}
    api_for(cast.colleague).post("contact-reports", second)
    contact_id = Sighting.objects.values_list("contact_id", flat=True).distinct().get()
    path = f"contacts/{contact_id}"

    mine = api_for(cast.traveller).get(path).json
    officer = api_for(cast.officer).get(path).json
    stranger = api_for(cast.other_officer).get(path)

    assert [s["reporter"]["username"] for s in mine["sightings"]] == ["traveller"]
    assert (mine["notes"], mine["flagged"], mine["hits"]) == (None, None, [])
    assert sorted(s["reporter"]["username"] for s in officer["sightings"]) == [
        "colleague",
        "traveller",
    ]
    assert officer["identifiers"] == [{"kind": "email", "value": "mei.lin@example.org"}]
    assert {"name": "Dr. Mei Lin", "normalised": "mei lin"} in officer["aliases"]
    assert (officer["notes"], officer["flagged"]) == ("", False)
    assert stranger.status == 404
    events = AuditEvent.objects.filter(action="contact.read").order_by("seq")
    assert [(e.actor_label, e.object_id, e.data) for e in events] == [
        ("traveller", str(contact_id), {"through": "api"}),
        ("officer", str(contact_id), {"through": "api"}),
    ]

    listed = api_for(cast.officer).get("contacts", kind="person", country="SG").json
    assert [c["id"] for c in listed["items"]] == [contact_id]
    assert api_for(cast.other_officer).get("contacts").json["items"] == []
    assert api_for(cast.officer).get("contacts", kind="organisation").json["items"] == []
    refused = api_for(cast.traveller).get("contacts", flagged="true")
    assert refused.status == 422
    assert "flagged" in refused.problem_fields


def test_officers_decide_their_registers_suggestions(cast, api_for, api_clock):
    """GIVEN two of the lab's travellers reporting "Zhang Wei" and "Wei Zhang" WHEN each role
    lists and decides the suggestion THEN only the lab's officer decides it, once; another
    organisation's officer does not see it; travellers are refused."""
    api_for(cast.traveller).post("contact-reports", {**REPORT, "counterpart": "Zhang Wei"})
    api_for(cast.colleague).post(
        "contact-reports", {**REPORT, "counterpart": "Wei Zhang", "email": ""}
    )
    officer = api_for(cast.officer)
    [open_one] = officer.get("contacts/suggestions", status="open").json["items"]
    path = f"contacts/suggestions/{open_one['id']}"

    assert open_one["organisation"]["slug"] == "lab"
    assert "name" in open_one["reasons"]
    assert api_for(cast.traveller).get("contacts/suggestions").status == 403
    assert api_for(cast.other_officer).get("contacts/suggestions").json["items"] == []
    assert api_for(cast.other_officer).get(path).status == 404
    assert api_for(cast.oversight).post(f"{path}/decision", {"decision": "reject"}).status == 403
    wrong = officer.post(f"{path}/decision", {"decision": "maybe"})
    assert wrong.status == 422
    assert "decision" in wrong.problem_fields

    done = officer.post(f"{path}/decision", {"decision": "reject"})

    assert done.status == 200
    assert (done.json["status"], done.json["decided_by"]["username"]) == ("rejected", "officer")
    assert officer.post(f"{path}/decision", {"decision": "confirm"}).status == 409
    assert officer.get(path).json == done.json
    assert reads("suggestion.rejected") == [("officer", str(open_one["id"]))]
