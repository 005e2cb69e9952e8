"""The world the access matrix probes: the shared cast, and the traveller-owner's objects in the
states their routes act on, each carrying a marker no denied answer may contain.

Everything is reached through the real services, as a person would reach it. The owner is the
cast's `traveller` (the lab, which follows the one-step test pack); the probes run at `NOW`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sojourn.care import links
from sojourn.care.models import Deviation, Escalation, EscalationKind
from sojourn.care.services import DeviationInput, check_in, report_deviation
from sojourn.conftest import NOW, Cast, follow_test_pack
from sojourn.contacts import resolution
from sojourn.contacts.identifiers import email
from sojourn.contacts.models import Contact, ContactReport, SightingSource, Suggestion
from sojourn.contacts.reports import ContactReportInput, file_contact_report
from sojourn.contacts.sightings import SightingInput, record_sighting
from sojourn.debriefs.services import MeetingHeld, save_draft
from sojourn.directives import services as directives
from sojourn.directives.models import PolicyVersion
from sojourn.notify.models import Channel, Notification
from sojourn.people.models import Organisation, Position
from sojourn.people.services import update_profile
from sojourn.retention import holds
from sojourn.screening import recording
from sojourn.screening.importing import import_snapshot
from sojourn.screening.models import Hit, ListSnapshot
from sojourn.security import tokens
from sojourn.security.models import UserSession
from sojourn.testing import builders
from sojourn.trips import invitations
from sojourn.trips.drafts import MeetingInput
from sojourn.trips.models import Trip

FICTIONAL_LIST = Path(recording.__file__).parent / "data" / "fictional-list.csv"
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)

# Every marker starts with this: a denied answer must not contain it at all.
MARKER = "MATRIX-SECRET"
TRIP_TITLE = f"{MARKER}-TRIP"
DEBRIEF_SUMMARY = f"{MARKER}-DEBRIEF: two talks and a lab visit."
DRAFT_SUMMARY = f"{MARKER}-DRAFT: half written."
COUNTERPART = f"{MARKER}-COUNTERPART"
CHECKIN_CITY = f"{MARKER}-CITY"
CHECKIN_NOTE = f"{MARKER}-NOTE: all well, change of plan."
DEVIATION_REASON = f"{MARKER}-DEVIATION: the host moved the workshop."
INVITATION_EVENT = f"{MARKER}-EVENT summit"
EMERGENCY_CONTACT = f"{MARKER}-CONTACT Li Wei"
ADVISORY_TEXT = f"{MARKER}-ADVISORY on travel to the peninsula."
CONTACT_NARRATIVE = f"{MARKER}-NARRATIVE: she asked to stay in touch."
MARKERS = (
    TRIP_TITLE,
    DEBRIEF_SUMMARY,
    DRAFT_SUMMARY,
    COUNTERPART,
    CHECKIN_CITY,
    CHECKIN_NOTE,
    DEVIATION_REASON,
    INVITATION_EVENT,
    EMERGENCY_CONTACT,
    ADVISORY_TEXT,
    CONTACT_NARRATIVE,
)
# The owner's trips are conferences in Berlin, with Dr. Weber of TU Berlin to meet.
WEBER = (MeetingInput(counterpart="Dr. Weber", organisation="TU Berlin"),)


@dataclass(frozen=True)
class Target:
    """What a probe aims at: the values its address and body are filled in with."""

    values: dict[str, int | str] = field(default_factory=dict)


@dataclass
class World:
    cast: Cast
    targets: dict[str, Target]
    # The roles of the matrix, by name: the user each one probes as (None: anonymous).
    users: dict[str, User | None]
    # A write token per signed-in role, for the API probes.
    api_secrets: dict[str, str]


def make_cast() -> Cast:
    """The same people as the shared `cast` fixture, made outside a test function."""
    lab = Organisation.objects.create(
        name="Lab", slug="lab", sectors=["ai"], home_country="CN", time_zone="Asia/Shanghai"
    )
    robo = Organisation.objects.create(
        name="Robo", slug="robo", sectors=["robotics"], home_country="CN", time_zone="Asia/Shanghai"
    )
    follow_test_pack(lab)
    authority = Organisation.objects.create(
        name="Authority", slug="authority", sectors=["government"]
    )
    return Cast(
        lab=lab,
        robo=robo,
        traveller=builders.traveller("traveller", organisation=lab, position=Position.RESEARCHER),
        colleague=builders.traveller("colleague", organisation=lab, position=Position.EXECUTIVE),
        officer=builders.officer("officer", organisation=lab),
        other_officer=builders.officer("other_officer", organisation=robo),
        oversight=builders.oversight("oversight", organisation=authority),
        auditor=builders.auditor("auditor", organisation=authority),
    )


def roles_of(cast: Cast) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "owner": cast.traveller,
        "other": cast.colleague,
        "officer": cast.officer,
        "other_officer": cast.other_officer,
        "oversight": cast.oversight,
        "auditor": cast.auditor,
    }


def _under_way(cast: Cast) -> tuple[Trip, Deviation, Escalation, str]:
    """Emergency travel reported once abroad (so a late report to follow up), a check-in from
    off the itinerary (an escalation to close), a deviation, and a live one-tap check-in link."""
    owner = cast.traveller
    trip = builders.submitted(
        owner,
        NOW - 2 * DAY,
        builders.Itinerary(
            title=f"{TRIP_TITLE} (under way)",
            purpose="conference",
            starts_in_days=-1,
            days=10,
            meetings=WEBER,
        ),
    )
    check_in(
        trip,
        actor=owner,
        status="ok",
        now=NOW - 6 * HOUR,
        country="FR",
        city=CHECKIN_CITY,
        note=CHECKIN_NOTE,
    )
    deviation = report_deviation(
        trip,
        actor=owner,
        now=NOW - 3 * HOUR,
        data=DeviationInput(
            country="AT",
            city="Vienna",
            starts_on=NOW.date(),
            ends_on=NOW.date() + DAY,
            reason=DEVIATION_REASON,
        ),
    )
    escalation = Escalation.objects.get(trip=trip, kind=EscalationKind.OFF_ITINERARY)
    pair = links.issue(trip, now=NOW - HOUR, until=NOW + 23 * HOUR)
    trip.refresh_from_db()
    return trip, deviation, escalation, links.token_for(pair.ok)


def _signed_in_elsewhere(user: User) -> UserSession:
    """Another browser of the person's, signed in an hour before the probes."""
    with mock.patch.object(timezone, "now", return_value=NOW - HOUR):
        Client().force_login(user)
    return UserSession.objects.filter(user=user).latest("id")


def _screened_contact_report(cast: Cast) -> tuple[ContactReport, Hit]:
    """The owner reports a contact whose name is on the fictional list, which screening finds."""
    report = file_contact_report(
        ContactReportInput(
            category="stay_in_touch",
            channel="in_person",
            occurred_on=(NOW - 2 * DAY).date(),
            counterpart="Lin Meihua",
            narrative=CONTACT_NARRATIVE,
            country="SG",
        ),
        traveller=cast.traveller,
        now=NOW - 2 * HOUR,
    )
    if not ListSnapshot.objects.filter(screening_list__list_id="fictional").exists():
        import_snapshot(
            FICTIONAL_LIST, list_id="fictional", format="csv", as_of=NOW.date(), now=NOW
        )
    assert report.contact_id is not None
    recording.record(recording.contacts([report.contact_id]), now=NOW - HOUR)
    hit = Hit.objects.filter(contact_id=report.contact_id).order_by("id").first()
    assert hit is not None, "the fictional list did not find the owner's contact"
    return report, hit


def _suggested(cast: Cast, contact_id: int) -> Suggestion:
    """The owner reports the same woman again, her names the other way round: a suggestion
    for the lab's officer."""
    again = file_contact_report(
        ContactReportInput(
            category="online_approach",
            channel="messaging",
            occurred_on=(NOW - DAY).date(),
            counterpart="Meihua Lin",
            narrative="A message asking to meet again.",
        ),
        traveller=cast.traveller,
        now=NOW - 2 * HOUR,
    )
    pair = sorted([contact_id, again.contact_id or 0])
    return Suggestion.objects.get(contact_id=pair[0], candidate_id=pair[1])


def _sighted(reporter: User, name: str, *, mail: str = "") -> Contact:
    return record_sighting(
        SightingInput(
            source=SightingSource.CONTACT_REPORT,
            occurred_on=(NOW - 5 * DAY).date(),
            name=name,
            identifiers=(email(mail),) if mail else (),
        ),
        reporter=reporter,
        organisation=reporter.person.organisation,
        now=NOW - 5 * DAY,
    ).contact


def _review_targets(cast: Cast) -> dict[str, Target]:
    """The register's review: a contact only the owner reported ("Zhang Wei", whom a colleague
    met as "Wei Zhang"); the officer's merge of two contacts only the owner reported."""
    zhang = _sighted(cast.traveller, "Zhang Wei", mail="zhang.wei@example.org")
    wei = _sighted(cast.colleague, "Wei Zhang")
    merged = resolution.merge(
        _sighted(cast.traveller, "Oskar Brandt"),
        into=_sighted(cast.traveller, "Brandt Consulting GmbH"),
        actor=cast.officer,
        now=NOW - 4 * DAY,
    )
    return {
        "reported_contact": Target({"contact_id": zhang.pk, "into_id": wei.pk}),
        "merge": Target({"merge_id": merged.pk}),
    }


def _trip(trip: Trip) -> Target:
    return Target({"trip_id": trip.pk, "version": trip.version})


def build_world(cast: Cast) -> World:
    owner = cast.traveller
    draft = builders.draft(
        owner,
        NOW - HOUR,
        builders.Itinerary(title=f"{TRIP_TITLE} (draft)", purpose="conference", meetings=WEBER),
    )
    submitted = builders.submitted(
        owner,
        NOW - HOUR,
        builders.Itinerary(title=f"{TRIP_TITLE} (submitted)", purpose="conference", meetings=WEBER),
    )
    under_way, deviation, escalation, link_token = _under_way(cast)
    # Two trips decided, made and ended weeks ago: home on the 25th day before the probes.
    returned = builders.returned(
        owner,
        NOW - 40 * DAY,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title=f"{TRIP_TITLE} (returned)",
            purpose="conference",
            starts_in_days=10,
            meetings=WEBER,
        ),
    )
    assert returned.ends_on is not None
    writing = builders.at(returned.ends_on + DAY, 10)
    save_draft(returned, actor=owner, now=writing, summary=DRAFT_SUMMARY)
    debriefed = builders.debriefed(
        owner,
        NOW - 40 * DAY,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(
            title=f"{TRIP_TITLE} (debriefed)",
            purpose="conference",
            starts_in_days=10,
            meetings=WEBER,
        ),
        summary=DEBRIEF_SUMMARY,
        meetings=[MeetingHeld(counterpart=COUNTERPART, organisation="TU Berlin", country="DE")],
        filed_at=builders.at((NOW - 24 * DAY).date(), 10),  # the day after its return
    )
    invitation = invitations.record(
        actor=owner,
        data=invitations.InvitationInput(
            event=INVITATION_EVENT,
            host_organisation="Matrix Host",
            country="FR",
            city="Paris",
            starts_on=(NOW + 60 * DAY).date(),
            ends_on=(NOW + 62 * DAY).date(),
            paid_by="host",
            received_on=NOW.date(),
        ),
        now=NOW - HOUR,
    )
    token = tokens.create_token(actor=owner, user=owner, name="matrix", scope="read", now=NOW)
    feed_secret = tokens.rotate_feed_secret(user=owner, now=NOW - HOUR)
    update_profile(
        owner.person,
        actor=owner,
        language="en",
        emergency_contact_name=EMERGENCY_CONTACT,
        emergency_contact_phone="+86 10 5550 0100",
        now=NOW - HOUR,
    )
    directive, run = directives.issue_advisory(
        actor=cast.oversight,
        destinations=["KP"],
        starts_on=(NOW + 100 * DAY).date(),
        ends_on=(NOW + 110 * DAY).date(),
        effect="prohibit",
        text=ADVISORY_TEXT,
        now=NOW - HOUR,
    )
    notification = (
        Notification.objects.filter(recipient=owner, channel=Channel.IN_APP).order_by("id").first()
    )
    assert notification is not None, "the owner's trips left them no in-app notification"
    session = _signed_in_elsewhere(owner)
    policy = PolicyVersion.objects.get(pack_id="lifecycle-test", version=1)
    users = roles_of(cast)
    api_secrets = {
        role: tokens.create_token(
            actor=user, user=user, name="matrix", scope="write", now=NOW
        ).secret
        for role, user in users.items()
        if user is not None
    }
    contact_report, hit = _screened_contact_report(cast)
    suggestion = _suggested(cast, contact_report.contact_id or 0)
    hold = holds.set_hold(actor=cast.oversight, trip=debriefed, reason="Inquiry", now=NOW - HOUR)
    targets = {
        "none": Target(),
        "nowhere": Target({"rest": "no/such/operation"}),
        "draft": _trip(draft),
        "submitted": _trip(submitted),
        "under_way": _trip(under_way),
        "returned": _trip(returned),
        "debriefed": _trip(debriefed),
        "deviation": Target({"trip_id": under_way.pk, "deviation_id": deviation.pk}),
        "escalation": Target({"escalation_id": escalation.pk}),
        "checkin_link": Target({"token": link_token}),
        "invitation": Target({"invitation_id": invitation.pk}),
        "token": Target({"token_id": token.token.pk}),
        "feed": Target({"secret": feed_secret}),
        "notification": Target({"notification_id": notification.pk}),
        "person": Target({"user_id": owner.pk, "person_id": owner.pk}),
        "session": Target({"session_id": session.pk}),
        "policy": Target({"pk": policy.pk, "pack_id": policy.pack_id, "version": policy.version}),
        "directive": Target({"directive_id": directive.pk}),
        "run": Target({"pk": run.pk}),
        "legal_hold": Target({"legal_hold_id": hold.pk}),
        "contact": Target({"contact_id": contact_report.contact_id or 0}),
        "contact_report": Target({"contact_report_id": contact_report.pk}),
        "hit": Target({"hit_id": hit.pk}),
        "screening_list": Target({"list_id": "fictional"}),
        "suggestion": Target({"suggestion_id": suggestion.pk}),
        **_review_targets(cast),
    }
    return World(cast=cast, targets=targets, users=users, api_secrets=api_secrets)
