"""The answer to a request Django cannot read: a body over the size limits, or malformed.

Django turns these into a bare "Bad Request (400)". A person who pasted a very long text is
told what happened and what to do instead; an API client gets problem+json like every other
refusal. Nothing was read, so nothing was saved.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

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
