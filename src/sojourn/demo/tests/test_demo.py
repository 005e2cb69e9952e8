"""`sojourn demo`: the demo world, every story in its state, loaded once however often it runs."""

from __future__ import annotations

import datetime
import itertools
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from sojourn.audit.models import AuditEvent
from sojourn.audit.record_check import verify_records
from sojourn.audit.services import verify_chain
from sojourn.conftest import NOW
from sojourn.contacts import clusters
from sojourn.contacts.models import Contact, ContactReport, Sighting, Suggestion
from sojourn.debriefs.models import DebriefStatus
from sojourn.demo import contact_stories, stories
from sojourn.demo.world import DEMO_PASSWORD, PEOPLE, DemoRefused, load_demo
from sojourn.directives.models import Directive
from sojourn.notify.models import Notification
from sojourn.people.models import Organisation
from sojourn.people.services import create_person
from sojourn.screening import screen
from sojourn.screening.models import Hit
from sojourn.trips.models import Invitation, ReviewDecision, Trip

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
# The care worker allows some slack past the check-in interval before it escalates; the
# demo's missed check-in must be overdue whatever reasonable grace it settles on.
GRACE = 12 * HOUR


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def output(db) -> str:
    return demo("--now", NOW.isoformat())


def trip_of(username: str, title: str) -> Trip:
    return Trip.objects.get(traveller__username=username, title=title)


def table_usernames(text: str) -> list[str]:
    """The first column of the printed logins table."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("--------"))
    rows = lines[start + 1 : lines.index("", start)]
    return [row.split()[0] for row in rows]


def row_counts() -> dict[str, int]:
    """Rows in every table of every Sojourn app, and the accounts."""
    counts = {"auth.user": User.objects.count()}
    for config in apps.get_app_configs():
        if config.name.startswith("sojourn."):
            for model in config.get_models():
                counts[model._meta.label_lower] = model._default_manager.count()
    return counts


def test_it_loads_every_story_in_its_state(output):
    """
    GIVEN an empty database
    WHEN the demo world is loaded as of NOW
    THEN each story stands in the state it tells, reached through the services
    """
    today = NOW.date()

    paris = Invitation.objects.get(invitee__username="founder", event=stories.PARIS_SUMMIT)
    assert (paris.country, paris.decision) == ("FR", "declined")
    assert paris.decision_reason
    # The invitation says who invited and who pays for what: the host, in France.
    assert (paris.inviter_name, paris.inviter_organisation) == ("Claire Martin", "Paris AI Forum")
    assert [(row["item"], row["paid_by"], row["payer_country"]) for row in paris.funding] == [
        ("travel", "host", "FR"),
        ("lodging", "host", "FR"),
        ("honorarium", "nobody", ""),
        ("gift", "host", "FR"),
    ]
    # Its host is on the demo's fictional list: screened, a hit the lab's officer sees, and a
    # listed_party finding in its pre-assessment.
    officer_lab = User.objects.get(username="officer-lab")
    host_hits = Hit.objects.filter(invitation=paris, source="invitation_host")
    assert [(h.entry.entry_id, h.organisation_id) for h in host_hits] == [
        ("FX-001", officer_lab.person.organisation_id)
    ]
    assert paris.pre_assessment is not None
    assert "listed_party" in [f["code"] for f in paris.pre_assessment["findings"]]
    forum = Sighting.objects.get(invitation=paris, source="invitation_host").contact
    assert screen.flagged([forum.pk]) == {forum.pk}

    # The woman: a contact report by researcher and one by traveller, one person across the two
    # organisations once oversight confirmed the suggestion.
    reports = ContactReport.objects.order_by("occurred_on", "pk")
    assert [(r.traveller.username, r.counterpart, r.country) for r in reports] == [
        ("traveller", contact_stories.IN_BOSTON, "US"),
        ("researcher", contact_stories.IN_SINGAPORE, "SG"),
    ]
    suggestion = Suggestion.objects.get(status="confirmed")
    assert suggestion.organisation is None
    assert suggestion.decided_by == User.objects.get(username="oversight")
    [seen] = clusters.cross_organisation(User.objects.get(username="oversight"))
    assert (seen.organisations, seen.sightings, seen.travellers) == (2, 2, 2)
    clustered = Contact.objects.filter(reports__in=reports).values_list("cluster_id", flat=True)
    assert set(clustered) == {seen.cluster_id}
    assert clusters.cross_organisation(officer_lab) == []

    san_jose = trip_of("ceo", stories.SAN_JOSE)
    assert san_jose.status == "cancelled"
    assert san_jose.countries() == ["US"]
    # Cancelled on an explicit instruction: a directive whose text is the reason.
    assert Directive.objects.filter(kind="cancel_trip", trip=san_jose).exists()
    assert san_jose.cancel_reason == stories.OVERSIGHT_INSTRUCTION
    assert san_jose.tier == "restricted"
    approvals = list(san_jose.reviews.order_by("position"))
    assert [(r.step, r.decision) for r in approvals] == [
        ("org_security", "approve"),
        ("oversight", "approve"),
    ]
    assert approvals[0].reviewer == User.objects.get(username="officer-robotics")
    cancelled = AuditEvent.objects.get(action="trip.cancelled", object_id=str(san_jose.pk))
    assert cancelled.actor_label == "oversight"

    singapore = trip_of("researcher", stories.SINGAPORE)
    assert singapore.status == "in_progress"
    assert singapore.countries() == ["SG"]
    # Standard tier, reported in time, no finding: approved automatically.
    assert (singapore.tier, singapore.route) == ("standard", "auto_approve")
    checkins = list(singapore.checkins.all())
    assert len(checkins) == 2
    assert {checkin.status for checkin in checkins} == {"ok"}
    assert all(NOW - DAY <= checkin.at <= NOW for checkin in checkins)

    tokyo = trip_of("exec", stories.TOKYO)
    assert tokyo.status == "returned"
    assert tokyo.countries() == ["JP"]
    assert tokyo.debrief_due is not None
    assert tokyo.debrief_due < today
    assert tokyo.debrief.status == DebriefStatus.DRAFT
    assert tokyo.assessment is not None
    assert (tokyo.tier, tokyo.assessment["debrief_depth"]) == ("restricted", "detailed")

    boston = trip_of("traveller", stories.BOSTON)
    assert boston.status == "in_progress"
    assert boston.countries() == ["US"]
    assert boston.departed_at == NOW - 3 * DAY
    assert boston.assessment is not None
    interval = boston.assessment["checkin_hours"] * HOUR
    last = boston.checkins.order_by("-at").first()
    assert last is not None
    assert NOW - last.at > interval + GRACE

    berlin = trip_of("researcher", stories.BERLIN)
    assert berlin.status == "submitted"
    assert berlin.countries() == ["DE"]
    officer = User.objects.get(username="officer-lab")
    chain = list(berlin.reviews.order_by("position").values_list("step", "decision"))
    assert chain == [
        ("org_security", ReviewDecision.PENDING),
        ("oversight", ReviewDecision.PENDING),
    ]
    assert Trip.objects.visible_to(officer).filter(status="submitted").get() == berlin
    assert Notification.objects.filter(
        recipient=officer, kind="trip.review_needed", trip=berlin
    ).exists()

    london = trip_of("founder", stories.LONDON)
    assert london.status == "closed"
    assert london.debrief.status == DebriefStatus.ACCEPTED
    assert london.debrief.reviewed_by == officer
    assert london.debrief.meetings.count() == 2
    assert list(london.debrief.incidents.values_list("kind", flat=True)) == ["device_inspection"]

    holiday = trip_of("banker", stories.CHIANG_MAI)
    assert (holiday.status, holiday.route) == ("approved", "not_required")
    assert holiday.reviews.get().step == "system"

    assert Trip.objects.count() == 7


def test_the_audit_trail_is_a_valid_chain_in_time_order(output):
    events = list(AuditEvent.objects.order_by("seq"))

    assert verify_chain().ok
    assert all(earlier.at <= later.at for earlier, later in itertools.pairwise(events))
    assert events[-1].at <= NOW


def test_it_prints_the_logins_with_the_shared_password(output):
    assert table_usernames(output) == [spec.username for spec in PEOPLE]
    assert f"password {DEMO_PASSWORD} (local use only)" in output
    assert "created story: ceo's US trip, cancelled on an oversight instruction" in output


def test_the_demo_password_works_for_every_printed_login(output, client):
    for username in table_usernames(output):
        response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post("/logout/")


def test_the_world_has_the_organisations_and_people_the_stories_need(output):
    organisations = dict(Organisation.objects.values_list("slug", "sectors"))
    assert organisations == {
        "zhiyuan-ai": ["ai"],
        "kunpeng-robotics": ["robotics"],
        "haitong-bank": ["finance"],
        "oversight-office": ["government"],
    }
    roles = dict(User.objects.values_list("username", "person__role"))
    assert roles["oversight"] == "oversight"
    assert roles["auditor"] == "auditor"
    assert {name for name, role in roles.items() if role == "officer"} == {
        "officer-lab",
        "officer-robotics",
        "officer-bank",
    }


def test_the_demo_people_follow_their_browser(output, client):
    """GIVEN the demo's people, all of Chinese organisations WHEN one signs in with a browser
    that asks for Chinese THEN Sojourn is in Chinese: none has chosen a language."""
    languages = set(User.objects.values_list("person__language", flat=True))
    assert languages == {""}
    client.force_login(User.objects.get(username="founder"))

    page = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).content.decode()

    assert 'lang="zh-hans"' in page


def test_a_second_run_changes_nothing(output):
    """
    GIVEN the demo world loaded
    WHEN the demo command runs again, later
    THEN no table gains or loses a row, no audit event is written, and it says so
    """
    before = row_counts()
    last_event = AuditEvent.objects.order_by("seq").last()

    again = demo("--now", (NOW + 2 * HOUR).isoformat())

    assert row_counts() == before
    assert AuditEvent.objects.order_by("seq").last() == last_event
    assert "Nothing changed: the demo world is already loaded." in again
    assert "created" not in again
    assert table_usernames(again) == [spec.username for spec in PEOPLE]


def test_it_refuses_in_production(db, settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        demo()
    with pytest.raises(DemoRefused):
        load_demo(NOW)

    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_it_refuses_when_a_demo_username_belongs_to_someone_else(db):
    other = Organisation.objects.create(name="Elsewhere", slug="elsewhere")
    create_person(
        username="founder", role="traveller", organisation=other, position="founder",
        sectors=[], email="", password=None, now=NOW,
    )  # fmt: skip

    with pytest.raises(CommandError, match="'founder' exists but is not the demo's"):
        demo("--now", NOW.isoformat())

    assert list(Organisation.objects.values_list("slug", flat=True)) == ["elsewhere"]


def test_a_bad_now_is_refused_by_name(db):
    with pytest.raises(CommandError, match="--now: 'yesterday'"):
        demo("--now", "yesterday")


def test_a_naive_now_is_read_in_the_deployment_time_zone(db, settings):
    settings.TIME_ZONE = "Asia/Shanghai"

    output = demo("--now", "2026-03-02T17:00:00")

    assert "as of 2026-03-02T17:00+08:00" in output
    assert trip_of("traveller", stories.BOSTON).departed_at == NOW - 3 * DAY


def test_every_record_of_the_demo_verifies(output):
    """`sojourn audit verify --records` on a fresh demo reports nothing: every record the demo
    holds (trips and their legs, debriefs, check-ins, deviations, accounts, people) was written
    with the audited write that vouches for it."""
    report = verify_records()

    assert report.ok, (report.changed, report.deleted, report.inserted)
    assert report.unvouched == 0
    assert report.checked > len(PEOPLE)
