"""The loopback SMTP server every delivery test talks to."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from sojourn.notify.tests.builders import BASE_URL, SmtpServer, free_port


@pytest.fixture
def smtp(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """Started on a free loopback port; Django's SMTP backend points at it (pytest-django had
    swapped in the locmem backend)."""
    # aiosmtpd logs every SMTP command at INFO; a failing test's output should show ours.
    monkeypatch.setattr(logging.getLogger("mail.log"), "level", logging.WARNING)
    server = SmtpServer(free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Sojourn <sojourn@travel.example.org>"
    settings.SOJOURN_BASE_URL = BASE_URL
    yield server
    server.stop()
