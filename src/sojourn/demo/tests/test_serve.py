"""`sojourn serve`: option checks, the steps before serving, and one real server on a free port."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import EmailMessage
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper

from sojourn.demo import mailcatcher
from sojourn.demo.management.commands import serve
from sojourn.demo.management.commands.serve import SojournServer, check_options, prepare
from sojourn.notify.tests.builders import SmtpServer, parts
from sojourn.people.models import Organisation
from sojourn.trips.models import Trip

# Up to: migrating and loading the demo take a minute or more on a busy 2-core machine.
STARTUP_SECONDS = 240
POLL_SECONDS = 0.25


@pytest.mark.parametrize(
    ("host", "port", "workers", "message"),
    [
        ("127.0.0.1", 0, 2, "--port must be between 1 and 65535, got 0."),
        ("127.0.0.1", 65536, 2, "--port must be between 1 and 65535, got 65536."),
        ("127.0.0.1", -80, 2, "--port must be between 1 and 65535, got -80."),
        ("127.0.0.1", 8000, 0, "--workers must be at least 1, got 0."),
        ("", 8000, 2, "--host must be"),
        ("local host", 8000, 2, "--host must be"),
    ],
)
def test_bad_options_are_refused_by_name(host, port, workers, message):
    with pytest.raises(CommandError) as refused:
        check_options(host=host, port=port, workers=workers)

    assert str(refused.value).startswith(message)


def test_a_thread_count_below_one_is_refused_by_name():
    with pytest.raises(CommandError) as refused:
        check_options(host="127.0.0.1", port=8000, workers=2, threads=0)

    assert str(refused.value) == "--threads must be at least 1, got 0."


@pytest.mark.parametrize(
    ("host", "bind", "url"),
    [
        ("127.0.0.1", "127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("::1", "[::1]:8000", "http://[::1]:8000/"),
    ],
)
def test_the_bind_address_and_url(host, bind, url):
    options = check_options(host=host, port=8000, workers=2)

    assert (options.bind, options.url) == (bind, url)


def test_a_bad_port_stops_the_command_before_it_touches_anything(db, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("serve went on after a bad option")

    monkeypatch.setattr(serve, "prepare", must_not_run)
    monkeypatch.setattr(SojournServer, "run", must_not_run)

    with pytest.raises(CommandError, match="--port"):
        call_command("serve", "--port", "70000", stdout=StringIO())
    with pytest.raises(CommandError, match="--port"):
        call_command("serve", "--port", "eighty", stdout=StringIO())


def test_prepare_loads_the_demo_into_an_empty_database(db):
    """
    GIVEN an empty local database
    WHEN serve prepares to start
    THEN it migrates, loads the demo world and prints the logins
    """
    out = StringIO()

    loaded = prepare(OutputWrapper(out))

    assert loaded
    assert Organisation.objects.filter(slug="zhiyuan-ai").exists()
    assert Trip.objects.exists()
    text = out.getvalue()
    assert "The database was empty: loaded the demo world." in text
    assert "officer-lab" in text
    assert "(local use only)" in text


def test_prepare_leaves_a_database_with_organisations_alone(cast):
    out = StringIO()

    loaded = prepare(OutputWrapper(out))

    assert not loaded
    assert not Trip.objects.exists()
    assert "demo" not in out.getvalue()


def test_prepare_in_production_collects_static_files_and_loads_no_demo(db, settings, tmp_path):
    settings.PRODUCTION = True
    settings.STATIC_ROOT = tmp_path / "static"
    out = StringIO()

    loaded = prepare(OutputWrapper(out))

    assert not loaded
    assert not Organisation.objects.exists()
    assert (tmp_path / "static" / "admin" / "css" / "base.css").exists()
    assert f"Collected static files into {tmp_path / 'static'}." in out.getvalue()


def test_the_command_runs_gunicorn_with_its_options(
    transactional_db, cast, monkeypatch, settings, tmp_path
):
    """
    Outside a transaction, as serve runs: it closes every database connection before gunicorn
    forks its workers, which inside a rolled-back test transaction would close the test's own
    connection on PostgreSQL (and fail the second call_command).

    GIVEN a prepared database
    WHEN serve runs with a port, a worker count and a thread count (then without the counts)
    THEN gunicorn is configured with them (threaded workers; 2 of 4 threads by default), logs
         access to stdout and serves sojourn.wsgi
    """
    settings.STATIC_ROOT = tmp_path  # WhiteNoise looks for it when the WSGI app is built.
    settings.SOJOURN_SERVE_RUNS_WORKER = False  # the real worker is the subprocess test's
    monkeypatch.setattr(mailcatcher, "start", lambda out: None)  # test_mailcatcher's
    started: list[SojournServer] = []
    monkeypatch.setattr(SojournServer, "run", lambda server: started.append(server))

    call_command("serve", "--port", "8123", "--workers", "3", "--threads", "5", stdout=StringIO())
    call_command("serve", "--port", "8124", stdout=StringIO())

    server, default = started
    assert server.cfg.bind == ["127.0.0.1:8123"]
    assert server.cfg.workers == 3
    assert (server.cfg.worker_class_str, server.cfg.threads) == ("gthread", 5)
    assert (default.cfg.workers, default.cfg.threads) == (2, 4)
    assert server.cfg.accesslog == "-"
    from sojourn.wsgi import application

    assert server.load() is application


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def sojourn_command() -> list[str]:
    """The installed `sojourn` script next to this interpreter, else the module."""
    script = Path(sys.executable).with_name("sojourn")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sojourn"]


def get(url: str) -> tuple[int, str] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None


def wait_for_escalations(database: Path) -> set[str]:
    kinds: set[str] = set()
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and not {"missed_checkin", "debrief_overdue"} <= kinds:
        with contextlib.suppress(sqlite3.Error), sqlite3.connect(database) as db:
            kinds = {row[0] for row in db.execute("SELECT kind FROM care_escalation")}
        time.sleep(POLL_SECONDS)
    return kinds


def wait_for_mail(smtp: SmtpServer) -> list[EmailMessage]:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and not smtp.mailbox.messages:
        time.sleep(POLL_SECONDS)
    time.sleep(1)  # the rest of the worker's batch
    return list(smtp.mailbox.messages)


def emails_in(database: Path, condition: str) -> int:
    with sqlite3.connect(database) as db:
        query = f"SELECT count(*) FROM notify_notification WHERE channel = 'email' AND {condition}"
        count: int = db.execute(query).fetchone()[0]
        return count


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    monkeypatch.setattr(logging.getLogger("mail.log"), "level", logging.WARNING)
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.mark.xdist_group(name="serve")
def test_it_serves_the_login_page_from_a_fresh_database(tmp_path, smtp):
    """
    GIVEN a fresh var directory, no database URL and no SOJOURN_BASE_URL
    WHEN `sojourn serve` starts on a free port
    THEN it migrates a new SQLite database, loads the demo, and serves the login form,
    AND its worker mails what falls due after loading (not the demo's history), with links to
         the port served
    """
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SOJOURN_")}
    env |= {"SOJOURN_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "sojourn.settings"}
    env |= {"SOJOURN_EMAIL_HOST": "127.0.0.1", "SOJOURN_EMAIL_PORT": str(smtp.port)}
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("w") as out, stderr.open("w") as err:
        server = subprocess.Popen(
            [*sojourn_command(), "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=out,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        answer = None
        while answer is None and time.monotonic() < deadline:
            assert server.poll() is None, f"serve exited early:\n{stderr.read_text()}"
            answer = get(f"http://127.0.0.1:{port}/login/")
            if answer is None:
                time.sleep(POLL_SECONDS)
        assert answer is not None, f"no answer within {STARTUP_SECONDS}s:\n{stderr.read_text()}"
        status, page = answer
        assert status == 200, page
        assert 'name="username"' in page
        assert 'name="password"' in page
        assert 'name="csrfmiddlewaretoken"' in page
        # The worker runs beside the server: the demo's silent traveller and overdue debrief
        # escalate on their own.
        assert wait_for_escalations(tmp_path / "sojourn.sqlite3") >= {
            "missed_checkin",
            "debrief_overdue",
        }
        received = wait_for_mail(smtp)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    assert server.returncode == 0, stderr.read_text()
    printed = stdout.read_text()
    assert "The database was empty: loaded the demo world." in printed
    assert "Started the worker" in printed
    assert f"Email goes to the SMTP server on 127.0.0.1:{smtp.port}." in printed  # no catcher
    assert "Sojourn worker stopped." in printed  # stopped with the server, not orphaned
    assert f"Sojourn is running on http://127.0.0.1:{port}/" in printed
    assert (tmp_path / "sojourn.sqlite3").exists()
    assert "GET /login/" in stdout.read_text() + stderr.read_text()
    assert f"Links in emails and calendar addresses point at http://127.0.0.1:{port}" in printed
    assert received, "the worker mailed nothing"
    bodies = [parts(message)[0] for message in received]
    assert all(f"http://127.0.0.1:{port}/" in body for body in bodies), bodies[0]
    assert not any("127.0.0.1:8000" in body for body in bodies)
    database = tmp_path / "sojourn.sqlite3"
    assert emails_in(database, "message_id != ''") == len(received)
    assert emails_in(database, "message_id = '' AND sent_at = created_at") >= 20  # the history
