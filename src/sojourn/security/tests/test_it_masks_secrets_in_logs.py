"""Addresses that are credentials never reach a log in the clear: a check-in link's token and a
calendar feed's secret are masked in the app's own log lines and in the access log."""

from __future__ import annotations

import datetime
import io
import logging
from types import SimpleNamespace

import pytest
from django.test import Client
from gunicorn.config import Config

from sojourn.security.logmask import MASK, AccessLogger, MaskSecrets, mask

TOKEN = "WzEyLDM0XQ:1tKq9Z:aVeryLongSignatureOfTheCheckinLink"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"GET /checkin/{TOKEN}/ HTTP/1.1", f"GET /checkin/{MASK}/ HTTP/1.1"),
        ("GET /feeds/s3cr3tFeedAddress/trips.ics", f"GET /feeds/{MASK}/trips.ics"),
        ("https://sojourn.example/checkin/abc:def/", f"https://sojourn.example/checkin/{MASK}/"),
        ("GET /trips/?q=paris&token=abc123&x=1", f"GET /trips/?q=paris&token={MASK}&x=1"),
        ("GET /trips/12/ HTTP/1.1", "GET /trips/12/ HTTP/1.1"),
    ],
)
def test_mask(line, expected):
    assert mask(line) == expected


@pytest.fixture
def app_log():
    """What the app's masked console handler writes, read from a buffer."""
    handlers = logging.getLogger().handlers
    [handler] = [h for h in handlers if any(isinstance(f, MaskSecrets) for f in h.filters)]
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def test_a_refused_check_in_link_is_logged_without_its_token(db, client: Client, app_log):
    response = client.get(f"/checkin/{TOKEN}/")

    assert response.status_code == 400
    logged = app_log.getvalue()
    assert f"/checkin/{MASK}/" in logged  # the line is there: Django logs every 4xx
    assert TOKEN not in logged
    assert "aVeryLongSignature" not in logged


def test_the_access_log_line_of_a_check_in_link_shows_no_token(tmp_path):
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = AccessLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/checkin/{TOKEN}/",
        "PATH_INFO": f"/checkin/{TOKEN}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://sojourn.example/checkin/{TOKEN}/",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("AUTHORIZATION", "Bearer sj_secret")])

    logger.access(response, request, environ, datetime.timedelta(milliseconds=5))

    line = (tmp_path / "access.log").read_text()
    assert f'"GET /checkin/{MASK}/ HTTP/1.1" 200' in line
    assert TOKEN not in line
    assert "aVeryLongSignature" not in line
