"""`sojourn serve` on a developer's machine catches email when no SMTP server answers: each
message lands in var/mail/ (the owner's alone, the newest few kept), one line printed per message;
a server of the developer's own, or production, starts no catcher."""

from __future__ import annotations

import smtplib
import stat
from email.message import EmailMessage
from io import StringIO
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.management.base import OutputWrapper

from sojourn.demo import mailcatcher
from sojourn.notify.tests.builders import SmtpServer, free_port


def message(subject: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "sojourn@localhost", "ana@example.org", subject
    mail.set_content("Check in: http://127.0.0.1:8000/c/secret")
    return mail


def send(port: int, *subjects: str) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        for subject in subjects:
            client.send_message(message(subject))


@pytest.fixture
def here(settings, tmp_path: Path) -> Path:
    settings.VAR_DIR, settings.EMAIL_HOST, settings.EMAIL_PORT = tmp_path, "127.0.0.1", free_port()
    settings.PRODUCTION = False
    return tmp_path


def test_with_no_server_it_catches_each_message_in_var_mail(here, settings):
    out = StringIO()
    catcher = mailcatcher.start(OutputWrapper(out))
    assert catcher is not None, out.getvalue()
    try:
        send(settings.EMAIL_PORT, "Are you safe?")
    finally:
        mailcatcher.stop(catcher)

    [caught] = (here / "mail").glob("*.eml")
    assert b"Subject: Are you safe?" in caught.read_bytes()
    assert stat.S_IMODE(caught.stat().st_mode) == 0o600
    assert stat.S_IMODE((here / "mail").stat().st_mode) == 0o700
    assert f"Email is caught on 127.0.0.1:{settings.EMAIL_PORT}" in out.getvalue()


def test_it_keeps_only_the_newest_messages(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(mailcatcher, "KEEP", 2)
    port = free_port()
    controller = Controller(mailcatcher.Catcher(tmp_path), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        send(port, "first", "second", "third")
    finally:
        controller.stop()

    kept = sorted(tmp_path.glob("*.eml"))
    assert [b"Subject: second" in f.read_bytes() for f in kept] == [True, False]
    assert b"Subject: third" in kept[1].read_bytes()
    assert "mail to ana@example.org: third" in capsys.readouterr().out


def test_a_server_of_ones_own_is_left_alone(here, settings):
    own = SmtpServer(settings.EMAIL_PORT)
    own.start()
    out = StringIO()
    try:
        assert mailcatcher.start(OutputWrapper(out)) is None
    finally:
        own.stop()
    assert f"Email goes to the SMTP server on 127.0.0.1:{settings.EMAIL_PORT}." in out.getvalue()
    assert not (here / "mail").exists()


@pytest.mark.parametrize(("production", "host"), [(True, "127.0.0.1"), (False, "smtp.example.org")])
def test_production_or_a_server_elsewhere_starts_no_catcher(here, settings, production, host):
    settings.PRODUCTION, settings.EMAIL_HOST = production, host
    assert mailcatcher.start(OutputWrapper(StringIO())) is None
    assert not (here / "mail").exists()
