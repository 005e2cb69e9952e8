"""The demo world: who is in it, and `load_demo(now)` that builds it through the services.

Everything is created by the same service functions the web and the CLI call, so the audit trail
and the notifications are real. Loading is idempotent: an organisation, a person or a story that
already exists is left alone, so a second load changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from sojourn.demo import contact_stories, stories, timeline
from sojourn.notify.models import Notification
from sojourn.notify.services import mark_history
from sojourn.people.models import Organisation, Person, Position, Role, Sector
from sojourn.people.services import create_person, ensure_organisation

# Shared by every demo login. The demo refuses to load in production; this is for local use only.
DEMO_PASSWORD = "sojourn-demo-2026"
EMAIL_DOMAIN = "example.test"


class DemoRefused(RuntimeError):
    """The demo must never be loaded into a production deployment."""


class DemoConflict(RuntimeError):
    """The database holds an account with a demo username that is someone else."""


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    role: Role
    position: Position
    organisation: str
    story: str


ORGANISATIONS = (
    OrganisationSpec("zhiyuan-ai", "Zhiyuan AI Lab", (Sector.AI,)),
    OrganisationSpec("kunpeng-robotics", "Kunpeng Robotics", (Sector.ROBOTICS,)),
    OrganisationSpec("haitong-bank", "Haitong Commercial Bank", (Sector.FINANCE,)),
    OrganisationSpec("oversight-office", "Travel Oversight Office", (Sector.GOVERNMENT,)),
)

TRAVELLER, OFFICER, STAFF = Role.TRAVELLER, Role.OFFICER, Position.STAFF
# fmt: off
PEOPLE = (
    PersonSpec("founder", "Yutong", "Chen", TRAVELLER, Position.FOUNDER, "zhiyuan-ai",
               "declined an AI summit in Paris (its host is on the demo's fictional list); "
               "London trip closed, debrief accepted"),
    PersonSpec("exec", "Lei", "Wang", TRAVELLER, Position.EXECUTIVE, "zhiyuan-ai",
               "back from Tokyo, debrief overdue (a draft only)"),
    PersonSpec("researcher", "Hang", "Zhou", TRAVELLER, Position.RESEARCHER, "zhiyuan-ai",
               "at a conference in Singapore now, reported a woman who asked to stay in touch; "
               "Berlin workshop awaiting review"),
    PersonSpec("ceo", "Qiang", "Zhang", TRAVELLER, Position.EXECUTIVE, "kunpeng-robotics",
               "US trip cancelled on an instruction from oversight"),
    PersonSpec("traveller", "Jing", "Guo", TRAVELLER, Position.RESEARCHER, "kunpeng-robotics",
               "in Boston, missed a check-in; reported the same woman under her Chinese name"),
    PersonSpec("banker", "Xiaoling", "He", TRAVELLER, STAFF, "haitong-bank",
               "holiday in Thailand, approved without review (not covered)"),
    PersonSpec("officer-lab", "Yang", "Liu", OFFICER, STAFF, "zhiyuan-ai",
               "security officer: the Berlin trip is in the review queue; the Paris host's "
               "screening hit"),
    PersonSpec("officer-robotics", "Min", "Huang", OFFICER, STAFF, "kunpeng-robotics",
               "security officer: follows up the missed check-in in Boston"),
    PersonSpec("officer-bank", "Jun", "Xu", OFFICER, STAFF, "haitong-bank",
               "security officer of a bank: nothing to review (not covered)"),
    PersonSpec("oversight", "Jianguo", "Ma", Role.OVERSIGHT, STAFF, "oversight-office",
               "the authority: cancelled the San Jose trip; sees every organisation and the "
               "cross-organisation cluster of the woman"),
    PersonSpec("auditor", "Hui", "Deng", Role.AUDITOR, STAFF, "oversight-office",
               "reads everything, changes nothing; the audit log"),
)
# fmt: on


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str
    story: str


@dataclass
class DemoResult:
    password: str
    logins: list[DemoLogin]
    created: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created)


def _organisation(
    spec: OrganisationSpec, now: datetime.datetime, created: list[str]
) -> Organisation:
    organisation, new = ensure_organisation(
        slug=spec.slug, name=spec.name, sectors=spec.sectors, now=now
    )
    if new:
        created.append(f"organisation {spec.slug} ({spec.name})")
    return organisation


def _person(
    spec: PersonSpec,
    organisations: dict[str, Organisation],
    now: datetime.datetime,
    created: list[str],
) -> User:
    existing = User.objects.filter(username=spec.username).first()
    if existing is not None:
        same = Person.objects.filter(
            user=existing, organisation__slug=spec.organisation, role=spec.role
        ).exists()
        if not same:
            raise DemoConflict(
                f"The user {spec.username!r} exists but is not the demo's {spec.role} in "
                f"{spec.organisation}. Load the demo into a fresh database (make clean-db)."
            )
        return existing
    user = create_person(
        username=spec.username,
        role=spec.role,
        organisation=organisations[spec.organisation],
        position=spec.position,
        # Travellers work in their organisation's field; officers and oversight have none.
        sectors=organisations[spec.organisation].sectors if spec.role == TRAVELLER else (),
        email=f"{spec.username}@{EMAIL_DOMAIN}",
        password=DEMO_PASSWORD,
        first_name=spec.first_name,
        last_name=spec.last_name,
        now=now,
    )
    created.append(f"{spec.role} {spec.username} ({spec.first_name} {spec.last_name})")
    return user


def logins() -> list[DemoLogin]:
    names = {spec.slug: spec.name for spec in ORGANISATIONS}
    return [
        DemoLogin(spec.username, spec.role.value, names[spec.organisation], spec.story)
        for spec in PEOPLE
    ]


def login_table(result: DemoResult) -> list[str]:
    """The demo logins as lines of a table, then the shared password."""
    header = ("username", "role", "organisation", "story")
    rows = [(x.username, x.role, x.organisation, x.story) for x in result.logins]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(3)]

    def line(row: Sequence[str]) -> str:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        return "  ".join([*cells, row[3]])

    return [
        "",
        line(header),
        line(["-" * len(cell) for cell in header]),
        *(line(row) for row in rows),
        "",
        f"Every demo login uses the password {result.password} (local use only).",
    ]


def load_demo(now: datetime.datetime) -> DemoResult:
    """Build the demo world as of `now`; what exists already is kept as it is."""
    if settings.PRODUCTION:
        raise DemoRefused("The demo world is for local use only; SOJOURN_ENV is production.")
    created: list[str] = []
    # Accounts and organisations are made "long ago", before any story begins.
    joined = now - datetime.timedelta(days=stories.HISTORY_DAYS)
    with transaction.atomic():
        written_before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        organisations = {spec.slug: _organisation(spec, joined, created) for spec in ORGANISATIONS}
        users = {spec.username: _person(spec, organisations, joined, created) for spec in PEOPLE}
        # The list is there before any story: the stories' names are screened as they come.
        loaded = contact_stories.load_list(actor=users["oversight"], now=joined)
        created.extend([loaded] if loaded else [])
        created.extend(
            f"story: {summary}"
            for summary in timeline.play(stories.STORIES, users, timeline.Clock(now))
        )
        # The stories are the past: their emails are history, not mail to send on first start.
        mark_history(Notification.objects.filter(pk__gt=written_before))
    return DemoResult(password=DEMO_PASSWORD, logins=logins(), created=created)
