"""`sojourn synth`: what it writes and prints, what it refuses, and the shared password."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sojourn.audit.models import AuditEvent
from sojourn.audit.record_check import verify_records
from sojourn.care.models import CheckIn
from sojourn.notify.models import Notification
from sojourn.synth import world
from sojourn.synth.tests.conftest import build
from sojourn.trips.models import Trip

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
TINY = ["--orgs", "2", "--people", "30", "--trips", "150", "--now", "2026-03-02T12:00:00Z"]


def synth(*args: str, stdin: str | None = None, **kwargs: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        kwargs["stdin"] = io.StringIO(stdin)
    call_command("synth", *args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_it_fills_an_empty_database_and_says_what_it_wrote(db):
    out, err = synth(*TINY)

    assert Trip.objects.count() == 150
    assert "trips_trip" in out
    assert "150" in out
    assert "Trips by status:" in out
    assert "synth: trips" in err


def test_it_writes_one_audit_event_naming_its_keys_and_no_notification(db):
    synth(*TINY, "--quiet")

    assert Trip.objects.count() == 150
    [event] = AuditEvent.objects.all()
    assert event.action == "synth.loaded"
    assert event.data["ranges"]["trips.trip"] == [1, 150]
    assert Notification.objects.count() == 0


def test_its_rows_are_counted_as_synthetic_and_a_row_inserted_after_is_named(db):
    """GIVEN a synthetic world, whose rows have no audited write each THEN `verify --records`
    counts them as synthetic instead of naming every one inserted; a check-in inserted by SQL
    afterwards is still named."""
    synth(*TINY, "--quiet")

    report = verify_records()
    assert report.ok, report.inserted[:5]
    assert report.synthetic == report.checked > 150
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO care_checkin (trip_id, by_id, at, status, country, city, note) "
            "SELECT trip_id, by_id, at, status, country, city, note FROM care_checkin LIMIT 1"
        )
    forged = CheckIn.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert verify_records().inserted == [f"care.checkin:{forged}"]


def test_quiet_means_nothing_on_stderr(db):
    _out, err = synth(*TINY, "--quiet")

    assert err == ""


def test_a_database_with_trips_is_refused_with_the_way_out(db):
    build(organisations=1, people=10, trips=20)

    with pytest.raises(CommandError, match=r"already has 20 trips.*--force"):
        synth(*TINY)
    assert Trip.objects.count() == 20


def test_the_run_itself_refuses_too(db):
    build(organisations=1, people=10, trips=20)

    with pytest.raises(world.NotEmpty):
        build(organisations=1, people=10, trips=20)


def test_force_adds_a_world_after_the_keys_already_there(db):
    build(organisations=1, people=10, trips=20)
    last = Trip.objects.order_by("pk").last()
    assert last is not None

    synth(*TINY, "--force", "--quiet")

    assert Trip.objects.count() == 170
    assert Trip.objects.filter(pk__gt=last.pk).count() == 150
    assert User.objects.values("username").distinct().count() == User.objects.count()


def test_a_shared_password_from_stdin_lets_everyone_sign_in(db, monkeypatch, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    monkeypatch.setattr("sys.stdin", io.StringIO("load-test-password-1\n"))

    synth(*TINY, "--password-stdin", "--quiet")

    hashes = set(User.objects.values_list("password", flat=True))
    assert User.objects.count() == 30
    assert len(hashes) == 1
    (shared,) = hashes
    assert shared.startswith("pbkdf2_sha256$1000$")
    assert check_password("load-test-password-1", shared)
    assert not check_password("something else", shared)


def test_an_empty_password_on_stdin_is_refused(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))

    with pytest.raises(CommandError, match="no password"):
        synth(*TINY, "--password-stdin", "--quiet")
    assert not Trip.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--orgs", "0"], "--orgs"),
        (["--orgs", "10", "--people", "20"], "--people: 10 organisations need at least 33"),
        (["--trips", "-1"], "--trips"),
        (["--years", "0"], "--years"),
        (["--now", "yesterday"], "--now"),
    ],
)
def test_sizes_that_make_no_world_are_refused(db, args, message):
    with pytest.raises(CommandError, match=message):
        synth(*args, "--quiet")
    assert not Trip.objects.exists()


def test_the_help_says_no_audit_events_are_written():
    from sojourn.demo.management.commands.synth import Command

    assert "NO audit events" in Command.help
