"""The sweep: every page of every role over the demo world, as data a test iterates.

A page of the sweep is a person of the demo (or nobody, signed out) and an address they may
open with GET: every list, a real object of each kind in each state the demo has, every form,
the account pages, the inbox, the console, the oversight desk, directives, policies, the audit
log. It is derived, not written out:

- the routes are the access matrix's GET rows of the web (`access_matrix.WEB`), so a new page
  is in the sweep as soon as it has its row (and `test_it_sweep` fails on a GET route of the URL
  conf that is neither swept nor in `EXCLUDED` with its reason);
- who opens what is the matrix's column for the person's role: a traveller reads the `owner`
  column (with their own objects), an officer the `officer` column (with their organisation's),
  oversight and the auditor their own; signed out reads `anonymous`;
- the objects are the ones the person may see (the models' own scoping), one per state.

The demo lacks a few kinds of object a page needs (a draft, a deviation, an advisory's
re-assessment run, a one-tap check-in link, an escalation, an authenticator app):
`build_sweep_world` adds them through the services after `load_demo`, at the demo's own
moments, and runs the worker's pass once, as `sojourn serve` would.

Use it through the module-scoped `sweep` fixture (the world is built once per test module, in a
transaction rolled back after its last test, as the access matrix's is; loading takes about
half a second), then `sweep.pages_of(username)` and `sweep.client(username)`; the browser tests
take `sweep.session_cookie(username)`. Parametrize on `PEOPLE_AND_ANONYMOUS`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import connections, transaction
from django.db.models import Count, Model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from pytest_django import DjangoDbBlocker

from sojourn.care import links
from sojourn.care.models import CheckInLink, Deviation
from sojourn.care.services import DeviationInput, report_deviation
from sojourn.care.worker import run_pass
from sojourn.conftest import NOW
from sojourn.contacts.models import Contact, ContactReport, Merge, SightingSource
from sojourn.contacts.reports import ContactReportInput, file_contact_report
from sojourn.contacts.resolution import merge
from sojourn.contacts.sightings import SightingInput, record_sighting
from sojourn.demo.world import PEOPLE, load_demo
from sojourn.directives.models import PolicyVersion, ReassessmentRun
from sojourn.directives.services import issue_advisory
from sojourn.people.access import AnyUser, role_of, visible_organisations
from sojourn.people.models import Person, Role
from sojourn.screening import recording
from sojourn.screening.hit_pages import visible_hits
from sojourn.screening.importing import import_snapshot
from sojourn.screening.models import Hit, ListSnapshot
from sojourn.security import mfa
from sojourn.security.tests.access_matrix import WEB, Row
from sojourn.trips.drafts import LegInput, TripInput, create_draft
from sojourn.trips.models import Invitation, Trip, TripStatus

FICTIONAL_LIST = Path(recording.__file__).parent / "data" / "fictional-list.csv"
ANONYMOUS = "anonymous"
PEOPLE_AND_ANONYMOUS = (ANONYMOUS, *(spec.username for spec in PEOPLE))
# The demo is loaded at a moment of a real clock, microseconds and all (what the pages write of
# it must do with them), and the pages see it a few minutes later.
LOADED_AT = NOW + datetime.timedelta(microseconds=123_456)
SWEPT_AT = LOADED_AT + datetime.timedelta(minutes=5)
HOUR, DAY = datetime.timedelta(hours=1), datetime.timedelta(days=1)
# The person of the demo who signs in with an authenticator app.
WITH_AUTHENTICATOR = "oversight"

# The column of the access matrix each role of the demo reads.
COLUMN = {
    Role.TRAVELLER: "owner",
    Role.OFFICER: "officer",
    Role.OVERSIGHT: "oversight",
    Role.AUDITOR: "auditor",
}

# GET routes of the web that are not pages of the sweep, and why.
EXCLUDED: dict[str, str] = {
    "admin": "Django's admin: its own templates and style, and nobody of the demo is staff",
    "trip-export": "a CSV download, not a page",
    "feed-trips": "an iCalendar feed, not a page",
    "run-progress": "an htmx fragment swapped into the run's page (swept as run-detail)",
    "favicon": "a redirect to the icon, not a page",
    "contact-export": "a CSV download, not a page",
}
# Pages only a signed-out visitor sees: a signed-in person is sent on.
SIGNED_OUT_ONLY = {"login"}
# Pages whose secret in the address is the credential: swept once, signed out.
CREDENTIAL_PAGES = {row.url_name for row in WEB if row.credential}


@dataclass(frozen=True)
class Page:
    """One page of the sweep: who opens it (`anonymous`: nobody), its route and its address."""

    username: str
    route: str
    url: str
    status: int = 200  # an error page of `error_pages_of` answers 403 or 404

    def __str__(self) -> str:
        return f"{self.username} {self.url} ({self.route})"


# The objects of each kind a person may open -------------------------------------------------

Kwargs = dict[str, Any]


def _one_per_status(trips: Any, statuses: tuple[str, ...]) -> list[Trip]:
    found: dict[str, Trip] = {}
    for trip in trips.filter(status__in=statuses).order_by("pk"):
        found.setdefault(trip.status, trip)
    return list(found.values())


def _trips(*statuses: str) -> Callable[[AnyUser], list[Kwargs]]:
    def objects(user: AnyUser) -> list[Kwargs]:
        trips = Trip.objects.visible_to(user)
        return [{"trip_id": trip.pk} for trip in _one_per_status(trips, statuses)]

    return objects


def _deviations(user: AnyUser) -> list[Kwargs]:
    visible = Trip.objects.visible_to(user)
    return [
        {"trip_id": d.trip_id, "deviation_id": d.pk}
        for d in Deviation.objects.filter(trip__in=visible).order_by("pk")
    ]


def _invitations(user: AnyUser) -> list[Kwargs]:
    found: dict[str, Invitation] = {}
    for invitation in Invitation.objects.visible_to(user).order_by("pk"):
        found.setdefault(invitation.decision, invitation)
    return [{"invitation_id": invitation.pk} for invitation in found.values()]


def _people(user: AnyUser) -> list[Kwargs]:
    """A traveller of each organisation the person reads."""
    found: dict[int, Person] = {}
    travellers = Person.objects.filter(
        role=Role.TRAVELLER, organisation__in=visible_organisations(user)
    )
    for person in travellers.order_by("pk"):
        found.setdefault(person.organisation_id, person)
    return [{"user_id": person.user_id} for person in found.values()]


def _contacts(user: AnyUser) -> list[Kwargs]:
    """A contact of each kind the person may open, the most seen first."""
    found: dict[str, Contact] = {}
    contacts = Contact.objects.visible_to(user).current().annotate(seen=Count("sightings"))
    for contact in contacts.order_by("-seen", "pk")[:50]:
        found.setdefault(contact.kind, contact)
    return [{"contact_id": contact.pk} for contact in found.values()]


def _contact_reports(user: AnyUser) -> list[Kwargs]:
    report = ContactReport.objects.visible_to(user).order_by("pk").first()
    return [] if report is None else [{"contact_report_id": report.pk}]


def _all(model: type[Model], parameter: str) -> Callable[[AnyUser], list[Kwargs]]:
    def objects(_user: AnyUser) -> list[Kwargs]:
        return [
            {parameter: pk}
            for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)
        ]

    return objects


def _merges(user: AnyUser) -> list[Kwargs]:
    found = Merge.objects.filter(into__in=Contact.objects.visible_to(user)).order_by("pk")[:1]
    return [{"merge_id": done.pk} for done in found]


def _check_in_links(_user: AnyUser) -> list[Kwargs]:
    link = CheckInLink.objects.order_by("pk").first()
    return [] if link is None else [{"token": links.token_for(link)}]


def _has_authenticator(user: AnyUser) -> bool:
    return isinstance(user, User) and mfa.authenticator(user) is not None


EVERY_STATUS = tuple(TripStatus.values)
# What each target of the access matrix stands for in the demo world, for the person opening it.
OBJECTS: dict[str, Callable[[AnyUser], list[Kwargs]]] = {
    "none": lambda _user: [{}],
    "draft": _trips(TripStatus.DRAFT),
    "submitted": _trips(TripStatus.SUBMITTED),
    "under_way": _trips(TripStatus.IN_PROGRESS),
    "returned": _trips(TripStatus.RETURNED),
    "debriefed": _trips(TripStatus.DEBRIEFED, TripStatus.CLOSED),
    "deviation": _deviations,
    "invitation": _invitations,
    "person": _people,
    "policy": _all(PolicyVersion, "pk"),
    "run": _all(ReassessmentRun, "pk"),
    "checkin_link": _check_in_links,
    "contact": _contacts,
    "contact_report": _contact_reports,
    "hit": lambda user: [{"hit_id": hit.pk} for hit in visible_hits(user).order_by("pk")[:2]],
    "reported_contact": _contacts,
    "merge": _merges,
}
# Routes whose page differs with the state of its trip: one page per state the person has.
BY_ROUTE: dict[str, Callable[[AnyUser], list[Kwargs]]] = {
    # Asks for a code only of a person with an authenticator; the others it sends on.
    "mfa-verify": lambda user: [{}] if _has_authenticator(user) else [],
    "trip-detail": _trips(*EVERY_STATUS),
    "trip-debrief": _trips(TripStatus.RETURNED, TripStatus.DEBRIEFED, TripStatus.CLOSED),
}


def get_rows() -> list[Row]:
    """The access matrix's GET rows of the web that are pages of the sweep."""
    return [row for row in WEB if row.method == "GET" and row.url_name not in EXCLUDED]


def _column(username: str) -> str:
    if username == ANONYMOUS:
        return ANONYMOUS
    role = role_of(User.objects.get(username=username))
    if role not in COLUMN:
        raise AssertionError(f"the sweep has no matrix column for {username}'s role {role}")
    return COLUMN[role]


def _opens(row: Row, username: str) -> bool:
    if row.outcomes[_column(username)] != "Y":
        return False
    if row.url_name in CREDENTIAL_PAGES:
        return username == ANONYMOUS
    return username == ANONYMOUS or row.url_name not in SIGNED_OUT_ONLY


def _address(row: Row, kwargs: Kwargs) -> str:
    path = reverse(row.url_name, kwargs=kwargs)
    return f"{path}?{row.query}" if row.query else path


def pages_of(username: str) -> list[Page]:
    """Every page the person opens in the demo world, as it stands in the database."""
    user: AnyUser = AnonymousUser() if username == ANONYMOUS else _user(username)
    found: list[Page] = []
    for row in get_rows():
        if not _opens(row, username):
            continue
        objects = BY_ROUTE.get(row.url_name) or OBJECTS[row.target]
        for kwargs in objects(user):
            found.append(Page(username, row.route, _address(row, kwargs)))
    return list(dict.fromkeys(found))


NOWHERE = "/no-such-page/"


def error_pages_of(username: str) -> list[Page]:
    """The error pages the person meets: an address that does not exist (404) and, for a
    signed-in person, the first page of the matrix that is not theirs to open (403)."""
    found = [Page(username, "not found", NOWHERE, 404)]
    if username == ANONYMOUS:
        return found
    for row in get_rows():
        if row.target == "none" and row.outcomes[_column(username)] == "F":
            return [*found, Page(username, row.route, _address(row, {}), 403)]
    return found


# The world ------------------------------------------------------------------------------------


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _add_the_missing_kinds(now: datetime.datetime) -> None:
    """What the demo does not have and a page needs, added through the services."""
    founder, researcher = _user("founder"), _user("researcher")
    create_draft(
        actor=founder,
        now=now - 2 * HOUR,
        data=TripInput(
            title="Partner visit, Seoul",
            purpose="business",
            legs=[
                LegInput(
                    country="KR",
                    city="Seoul",
                    starts_on=(now + 50 * DAY).date(),
                    ends_on=(now + 53 * DAY).date(),
                )
            ],
        ),
    )
    singapore = Trip.objects.get(traveller=researcher, status=TripStatus.IN_PROGRESS)
    assert singapore.ends_on is not None
    report_deviation(
        singapore,
        actor=researcher,
        now=now - 3 * HOUR,
        data=DeviationInput(
            country="MY",
            city="Kuala Lumpur",
            starts_on=singapore.ends_on,
            ends_on=singapore.ends_on + DAY,
            reason="The host moved the closing workshop to its campus across the border.",
        ),
    )
    issue_advisory(
        actor=_user("oversight"),
        destinations=["KP"],
        starts_on=(now + 100 * DAY).date(),
        ends_on=(now + 110 * DAY).date(),
        effect="prohibit",
        text="No travel to the peninsula's north during the exercise season.",
        now=now - HOUR,
    )
    boston = Trip.objects.get(traveller=_user("traveller"), status=TripStatus.IN_PROGRESS)
    links.issue(boston, now=now - HOUR, until=now + 23 * HOUR)
    file_contact_report(
        ContactReportInput(
            category="stay_in_touch",
            channel="in_person",
            occurred_on=(now - DAY).date(),
            counterpart="Dr. Lin Mei",
            affiliation="Zhiyuan Talent Office",
            narrative="Asked to stay in touch and for the names of our arm's designers.",
            country="US",
            city="Boston",
        ),
        traveller=_user("traveller"),
        now=now - HOUR,
    )
    _enrol(_user(WITH_AUTHENTICATOR), now - DAY)
    _review_kinds(now)


def _review_kinds(now: datetime.datetime) -> None:
    """A screening hit of a contact and an officer's merge of two contacts, in the register of
    the organisation of the demo's `traveller`, when the demo has none."""
    traveller = _user("traveller")
    organisation = traveller.person.organisation
    officer = User.objects.filter(
        person__organisation=organisation, person__role=Role.OFFICER
    ).first()
    assert officer is not None, "the demo's traveller's organisation has no officer"

    def seen(name: str) -> Contact:
        data = SightingInput(SightingSource.CONTACT_REPORT, (now - 3 * DAY).date(), name)
        return record_sighting(data, reporter=traveller, organisation=organisation, now=now).contact

    if not Merge.objects.exists():
        merge(seen("Oskar Brandt"), into=seen("Brandt Consulting"), actor=officer, now=now - HOUR)
    if not Hit.objects.filter(organisation=organisation).exists():
        if not ListSnapshot.objects.filter(screening_list__list_id="fictional").exists():
            import_snapshot(
                FICTIONAL_LIST, list_id="fictional", format="csv", as_of=now.date(), now=now
            )
        recording.record(recording.contacts([seen("Lin Meihua").pk]), now=now - HOUR)


def _enrol(user: User, now: datetime.datetime) -> None:
    """An authenticator app set up, as production asks of oversight (a code of the real clock:
    the device checks it against that)."""
    device = mfa.pending_authenticator(user)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    assert mfa.confirm(user, device, f"{code:06d}", now=now) is not None


def build_sweep_world(now: datetime.datetime = LOADED_AT) -> None:
    """The demo world as of `now`, the kinds of object it lacks, and one pass of the worker."""
    load_demo(now)
    _add_the_missing_kinds(now)
    run_pass(now)


@dataclass
class Sweep:
    """The demo world built, and the pages of each person in it."""

    pages: dict[str, list[Page]] = field(default_factory=dict)
    error_pages: dict[str, list[Page]] = field(default_factory=dict)

    def pages_of(self, username: str) -> list[Page]:
        return self.pages[username]

    def error_pages_of(self, username: str) -> list[Page]:
        """The error pages (403, 404) the person meets, with the status each answers."""
        return self.error_pages[username]

    def every_page(self) -> list[Page]:
        return [page for pages in self.pages.values() for page in pages]

    def client(self, username: str) -> Client:
        """A Django test client signed in as the person (signed out for `anonymous`)."""
        client = Client()
        if username == ANONYMOUS:
            return client
        user = _user(username)
        client.force_login(user)
        device = mfa.authenticator(user)
        if device is not None:  # they gave the code of their app as they signed in
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    def session_cookie(self, username: str) -> dict[str, str]:
        """The session cookie of a person signed in, for a browser (Playwright's `add_cookies`
        takes it with a `url`)."""
        client = self.client(username)
        return {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        }


@pytest.fixture(scope="module")
def sweep(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Sweep]:
    """The sweep world, built once for the module and rolled back after its last test; the
    pages see it at `SWEPT_AT`. Tests that use it also take `db`."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(timezone, "now", lambda: SWEPT_AT)
        with override_settings(PASSWORD_HASHERS=hashers):
            build_sweep_world(LOADED_AT)
        yield Sweep(
            {username: pages_of(username) for username in PEOPLE_AND_ANONYMOUS},
            {username: error_pages_of(username) for username in PEOPLE_AND_ANONYMOUS},
        )
        transaction.set_rollback(True)
    # Under a browser test the module runs in Playwright's context, whose connections are not
    # the session's: left open, PostgreSQL could not drop the test database at the end.
    with django_db_blocker.unblock():
        connections.close_all()
