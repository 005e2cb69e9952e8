"""What both faces answer when a request fails for a reason that is not the caller's: the
database not answering (503, try again), its storage full (507, nothing saved), or a bug (500).

The caller never sees a traceback: a 500 carries a request id (the proxy's `X-Request-Id` when
it sent a sane one, else a new one), which the log line of the error names too, so an
administrator finds the traceback from what the caller quotes.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sojourn.facekit.problems import problem

log = logging.getLogger("sojourn.errors")

FULL, OUTAGE = "storage_full", "database_unavailable"
# SQLITE_FULL, and PostgreSQL's disk_full (class 53, insufficient resources).
SQLITE_FULL = 13
PG_DISK_FULL = "53100"
SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
RETRY_AFTER = "30"


def kind_of(error: BaseException | None) -> str | None:
    """`FULL` for a database out of space, `OUTAGE` for one that does not answer (or is busy),
    None for anything else."""
    if not isinstance(error, OperationalError | InterfaceError):
        return None
    return FULL if _full(error) else OUTAGE


def _full(error: BaseException) -> bool:
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error) and getattr(cause, "sqlite_errorcode", None) == SQLITE_FULL:
        return True
    return getattr(cause, "sqlstate", None) == PG_DISK_FULL


def request_id(request: HttpRequest) -> str:
    sent = request.headers.get("X-Request-Id", "")
    return sent if SANE_ID.fullmatch(sent) else uuid.uuid4().hex


def logged(request: HttpRequest, error: BaseException | None) -> tuple[str | None, str]:
    """Logs the failure under a request id and returns (its kind, the id)."""
    kind, reference = kind_of(error), request_id(request)
    where = f"{request.method} {request.path}"
    if kind is None:
        log.error("request %s failed: %s", reference, where, exc_info=error)
    else:
        log.warning("request %s failed (%s): %s: %s", reference, kind, where, error)
    return kind, reference


def problem_for(request: HttpRequest, error: BaseException | None) -> HttpResponse:
    """The API's answer: problem+json with the request id, no traceback."""
    kind, reference = logged(request, error)
    headers = {"X-Request-Id": reference}
    if kind == FULL:
        detail = _("The server's storage is full: nothing was saved. Try again later.")
        return problem(507, detail, headers=headers, request_id=reference)
    if kind == OUTAGE:
        detail = _("The database is not answering: nothing was saved. Try again in a minute.")
        headers["Retry-After"] = RETRY_AFTER
        return problem(503, detail, headers=headers, request_id=reference)
    detail = _("Something went wrong on the server. It was logged under the request id %(id)s.")
    return problem(500, detail % {"id": reference}, headers=headers, request_id=reference)
