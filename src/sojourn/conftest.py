"""The shared cast every access test uses, and a fixed clock.

Two organisations: an AI lab (`lab`) with two travellers and an officer, and a robotics company
(`robo`) with its own officer. Oversight and an auditor read everything.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sojourn.conf.messages import compile_stale
from sojourn.people.models import Organisation, Position
from sojourn.testing import alone, builders, leaks, second_pass


def pytest_sessionstart(session: pytest.Session) -> None:
    """Tests read the Chinese pages: compile a catalogue whose .po changed since its .mo."""
    compile_stale()


def pytest_addoption(parser: pytest.Parser) -> None:
    second_pass.add_option(parser)
    alone.add_option(parser)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return second_pass.header(config) + alone.header(config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    second_pass.deselect(config, items)
    alone.deselect(config, items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A test that leaves committed rows in the PostgreSQL test database fails
    (sojourn.testing.leaks)."""
    leaks.before_teardown(nextitem)
    result = yield
    if nextitem is not None:
        leaks.after_teardown(item)
    return result


@pytest.fixture(scope="session", autouse=True)
def _committed_rows_at_start(request: pytest.FixtureRequest) -> None:
    leaks.take_baseline(request)


NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
PASSWORD = builders.PASSWORD


TEST_PACK = Path(__file__).parent / "testing" / "lifecycle-test.yaml"


def follow_test_pack(organisation: Organisation) -> None:
    """The lab follows a one-step test pack, so lifecycle tests never hinge on a real pack."""
    from sojourn.directives.models import PolicyVersion

    PolicyVersion.objects.get_or_create(
        pack_id="lifecycle-test",
        version=1,
        defaults={
            "title": "Lifecycle test pack",
            "source": TEST_PACK.read_text(),
            "effective_from": datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
        },
    )
    organisation.policy_pack = "lifecycle-test"
    organisation.save(update_fields=["policy_pack"])


@dataclass
class Cast:
    lab: Organisation
    robo: Organisation
    traveller: User
    colleague: User
    officer: User
    other_officer: User
    oversight: User
    auditor: User


@pytest.fixture(autouse=True)
def _api_rate_out_of_the_way(settings) -> None:
    """Each test starts with an empty cache, and a test that sends hundreds of API requests in
    its one frozen minute (a fuzzer, a sweep) is not held to the deployment's rate; the rate's
    own tests set the limit they test."""
    from django.core.cache import cache

    cache.clear()
    settings.SOJOURN_API_REQUESTS_PER_MINUTE = 100_000


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Argon2 is deliberately slow; tests that do not test hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_audit_anchors(settings, tmp_path: Path) -> None:
    """Each test's database gets its own file of published audit anchors: anchors of another
    test's trail would not hold against this one's."""
    settings.SOJOURN_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.log"
    settings.SOJOURN_AUDIT_ANCHOR_COPY = None


@pytest.fixture
def now() -> datetime.datetime:
    return NOW


@pytest.fixture
def view_clock(monkeypatch: pytest.MonkeyPatch) -> builders.SetClock:
    """Sets the time the pages see: the views read it once, through `timezone.now()`."""

    def set_clock(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_clock


@pytest.fixture
def cast(db: None) -> Cast:
    lab = Organisation.objects.create(
        name="Lab", slug="lab", sectors=["ai"], home_country="CN", time_zone="Asia/Shanghai"
    )
    robo = Organisation.objects.create(
        name="Robo",
        slug="robo",
        sectors=["robotics"],
        home_country="CN",
        time_zone="Asia/Shanghai",
    )
    follow_test_pack(lab)
    authority = Organisation.objects.create(
        name="Authority", slug="authority", sectors=["government"]
    )
    return Cast(
        lab=lab,
        robo=robo,
        traveller=builders.traveller("traveller", organisation=lab),
        colleague=builders.traveller("colleague", organisation=lab, position=Position.EXECUTIVE),
        officer=builders.officer("officer", organisation=lab),
        other_officer=builders.officer("other_officer", organisation=robo),
        oversight=builders.oversight("oversight", organisation=authority),
        auditor=builders.auditor("auditor", organisation=authority),
    )


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    """Tests marked `postgres_only` run in the PostgreSQL pass of `make test`, not on SQLite."""
    if request.node.get_closest_marker("postgres_only") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: runs in the PostgreSQL pass of `make test`")


@pytest.fixture(autouse=True)
def _english_to_begin_with() -> Iterator[None]:
    """A request as a person who reads Chinese leaves Chinese active in the thread (as every
    request sets its own language, that is harmless in a server); tests start from English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
