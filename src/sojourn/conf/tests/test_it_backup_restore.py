"""`sojourn backup` and `sojourn restore`: an online copy of a var/ that a writer keeps writing
restores into a new var/ whose audit trail verifies and which holds every trip acknowledged
before the backup began; both commands refuse to overwrite, and a restore refuses a backup that
is incomplete or does not match its manifest."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from sojourn.conf import restore

WRITER = """
import os, pathlib, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sojourn.settings")
django.setup()
from django.utils import timezone
from sojourn.people.models import Organisation
from sojourn.testing import builders

lab = Organisation.objects.create(name="Lab", slug="lab", sectors=["ai"], home_country="CN")
traveller = builders.traveller("writer", organisation=lab)
acked, stop = pathlib.Path(os.environ["ACKED"]), pathlib.Path(os.environ["STOP"])
with acked.open("a") as out:
    while not stop.exists():
        trip = builders.draft(traveller, timezone.now())  # committed when it returns
        out.write(f"{trip.pk}\\n")
        out.flush()
"""


def environment(var: Path) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("SOJOURN_")}
    return {**inherited, "SOJOURN_VAR_DIR": str(var)}


def sojourn(var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sojourn", *args],
        env=environment(var),
        capture_output=True,
        text=True,
        timeout=120,
    )


def acked(path: Path) -> set[int]:
    return {int(line) for line in path.read_text().splitlines() if line.strip()}


def wait_for_acks(path: Path, count: int, writer: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while len(acked(path)) < count:
        assert writer.poll() is None, "the writer died"
        assert time.monotonic() < deadline, "the writer wrote too little in 60 s"
        time.sleep(0.05)


def test_a_backup_under_writes_restores_to_a_trail_that_verifies_with_every_acked_trip(tmp_path):
    """GIVEN a writer reporting trips (each an audit event) into a var/ and an anchor published
    WHEN a backup is taken while it writes, and restored into a new var/
    THEN `sojourn audit verify` passes there, and every trip acked before the backup is in it."""
    live, restored, copy = tmp_path / "var", tmp_path / "restored", tmp_path / "backup"
    assert sojourn(live, "migrate", "-v0").returncode == 0
    acks, stop = tmp_path / "acked", tmp_path / "stop"
    acks.touch()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER],
        env={**environment(live), "ACKED": str(acks), "STOP": str(stop)},
    )
    try:
        wait_for_acks(acks, 10, writer)
        assert sojourn(live, "tick").returncode == 0  # publishes an anchor, writes going on
        wait_for_acks(acks, 30, writer)
        before = acked(acks)
        taken = sojourn(live, "backup", str(copy))
        during = acked(acks) - before
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert taken.returncode == 0, taken.stderr
    assert during, "the writer wrote nothing while the backup ran: the test proved nothing"

    done = sojourn(restored, "restore", str(copy))
    assert done.returncode == 0, done.stderr
    verified = sojourn(restored, "audit", "verify", "--records")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert (restored / "audit-anchors.log").read_text().strip()
    with closing(sqlite3.connect(restored / "sojourn.sqlite3")) as database:
        trips = {row[0] for row in database.execute("SELECT id FROM trips_trip")}
    assert before <= trips


# Refusals, on a var/ of one small database ----------------------------------------------------


@pytest.fixture
def var(tmp_path: Path) -> Path:
    var = tmp_path / "var"
    var.mkdir()
    with closing(sqlite3.connect(var / "sojourn.sqlite3")) as database:
        database.execute("CREATE TABLE audit_auditevent (seq INTEGER, hash TEXT)")
        database.execute("INSERT INTO audit_auditevent VALUES (1, 'abc')")
        database.commit()
    for name in ("secret_key", "encryption_keys", "audit_key", "audit-anchors.log"):
        (var / name).write_text(f"{name}-content\n")
    return var


def run(command: str, path: Path, var: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The command's refusal on stderr (or '' when it succeeded)."""
    status = restore.main([command, str(path)], {"SOJOURN_VAR_DIR": str(var)})
    error = capsys.readouterr().err
    assert (status == 0) == (error == ""), error
    return error


def test_a_backup_holds_the_keys_the_anchors_and_a_manifest(var, tmp_path, capsys):
    assert run("backup", tmp_path / "b", var, capsys) == ""
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert set(manifest["files"]) == {
        "database.sqlite3",
        "secret_key",
        "encryption_keys",
        "audit_key",
        "audit-anchors.log",
    }
    assert manifest["audit_head"] == "abc:1"
    assert manifest["versions"]["sqlite"] == sqlite3.sqlite_version
    assert (tmp_path / "b" / "secret_key").read_text() == "secret_key-content\n"


def test_a_backup_never_overwrites(var, tmp_path, capsys):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "kept").write_text("mine")
    assert "never overwrites" in run("backup", tmp_path / "b", var, capsys)
    assert (tmp_path / "b" / "kept").read_text() == "mine"


def test_a_restore_refuses_a_var_that_is_not_empty(var, tmp_path, capsys):
    run("backup", tmp_path / "b", var, capsys)
    (var / "sojourn.sqlite3").write_bytes(b"the live database")
    refusal = run("restore", tmp_path / "b", var, capsys)
    assert "empty var/" in refusal
    assert (var / "sojourn.sqlite3").read_bytes() == b"the live database"


def test_a_restore_refuses_a_corrupt_file(var, tmp_path, capsys):
    run("backup", tmp_path / "b", var, capsys)
    (tmp_path / "b" / "audit_key").write_text("another key\n")
    new = tmp_path / "new"
    assert "does not match the manifest" in run("restore", tmp_path / "b", new, capsys)
    assert not (new / "sojourn.sqlite3").exists()


@pytest.mark.parametrize("lost", ["database.sqlite3", "manifest.json", "secret_key"])
def test_a_restore_refuses_an_incomplete_backup(var, tmp_path, capsys, lost):
    run("backup", tmp_path / "b", var, capsys)
    (tmp_path / "b" / lost).unlink()
    new = tmp_path / "new"
    assert "incomplete" in run("restore", tmp_path / "b", new, capsys)
    assert not (new / "sojourn.sqlite3").exists()


def test_a_restore_refuses_while_a_key_the_backup_lacks_is_unset(var, tmp_path, capsys):
    (var / "secret_key").unlink()
    environ = {"SOJOURN_VAR_DIR": str(var), "SOJOURN_SECRET_KEY": "k" * 60}
    assert restore.main(["backup", str(tmp_path / "b")], environ) == 0
    capsys.readouterr()
    refusal = run("restore", tmp_path / "b", tmp_path / "new", capsys)
    assert "SOJOURN_SECRET_KEY from the environment" in refusal


def test_postgresql_is_backed_up_with_its_own_tools(tmp_path, capsys):
    environ = {"SOJOURN_VAR_DIR": str(tmp_path), "SOJOURN_DATABASE_URL": "postgresql://h/db"}
    assert restore.main(["backup", str(tmp_path / "b")], environ) == 2
    assert "pg_dump" in capsys.readouterr().err
