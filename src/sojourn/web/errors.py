"""The answer to a request Django cannot read: a body over the size limits, or malformed.

Django turns these into a bare "Bad Request (400)". A person who pasted a very long text is
told what happened and what to do instead; an API client gets problem+json like every other
refusal. Nothing was read, so nothing was saved.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from sojourn.facekit import failures
from sojourn.facekit.problems import problem

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    too_large = isinstance(exception, TOO_LARGE)
    status = 413 if too_large else 400
    if request.path.startswith("/api/"):
        detail = _("The request body is too large.") if too_large else _("Bad request.")
        return problem(status, detail)
    context = {
        "too_large": too_large,
        "max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    }
    return render(request, "400.html", context, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500, for whatever failed outside the API's own handlers: the API answers
    problem+json; a page says whether the database is away (503) or full (507), else that the
    error was logged under the request id it shows.

    The page is rendered without the request's context: the context processors read the
    signed-in person, which needs the very database that may be failing."""
    error = sys.exc_info()[1]
    if request.path.startswith("/api/"):
        return failures.problem_for(request, error)
    kind, reference = failures.logged(request, error)
    return unavailable_page(kind, reference)


STATUS_OF_KIND = {failures.OUTAGE: 503, failures.FULL: 507}


def unavailable_page(kind: str | None, reference: str) -> HttpResponse:
    status = STATUS_OF_KIND.get(kind or "", 500)
    content = loader.get_template("500.html").render({"kind": kind, "request_id": reference})
    response = HttpResponse(content, status=status)
    response["X-Request-Id"] = reference
    if status == 503:
        response["Retry-After"] = failures.RETRY_AFTER
    return response


class BodyLimitMiddleware:
    """Refuses a body whose Content-Length says it is over SOJOURN_MAX_BODY_BYTES, unread.

    Django bounds a form's text (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams an uploaded file to
    disk whatever its size, and only when a view or the CSRF check first reads the form. This
    runs first, before anything reads the body, and answers with the same 413 page or problem.
    A Content-Length that is not a number is a 400 the same way.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = str(request.META.get("CONTENT_LENGTH") or "0").strip()
        if not declared.isdigit():
            return bad_request(request, BadRequest("Content-Length is not a number."))
        if int(declared) > settings.SOJOURN_MAX_BODY_BYTES:
            return bad_request(request, RequestDataTooBig("Content-Length over the limit."))
        return self.get_response(request)
