"""How the API answers each kind of refusal: one handler per exception family. The services'
refusals take their status from the map the web pages use too (facekit.refusals)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sojourn.api.strictness import unknown_field
from sojourn.api.validation_words import message_of
from sojourn.facekit.failures import problem_for
from sojourn.facekit.problems import FieldProblem, field_name, problem
from sojourn.facekit.refusals import status_of
from sojourn.policy import PackError
from sojourn.trips.errors import InvalidInput, LifecycleError, StaleVersion


class ApiError(Exception):
    """A refusal raised inside an operation, answered as a problem with this status."""

    def __init__(
        self, status: int, detail: str, *, errors: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}
        self.extra = extra


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [_field_error(request, error) for error in exc.errors]
    return problem(422, _("Some fields cannot be accepted."), errors=errors)


def _field_error(request: HttpRequest, error: dict[str, Any]) -> FieldProblem:
    loc = tuple(error.get("loc", ()))
    field = field_name(loc)
    if error.get("type") == "extra_forbidden" and loc[:1] == ("body",):
        # ("body", "payload", "legs", 0, "start"): the object is at ("legs", 0) in the body.
        return unknown_field(request, field, loc[2:-1])
    return (field, message_of(error))


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        unreadable = _("The request body is not valid JSON.")
        return problem(400, unreadable, errors=[("body", unreadable)])
    if exc.status_code == 401:
        return problem(
            401,
            _("Send a valid personal access token: Authorization: Bearer <token>."),
            headers={"WWW-Authenticate": 'Bearer realm="sojourn"'},
        )
    return problem(exc.status_code, str(exc))


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, _("There is nothing here, or you may not see it."))


def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return problem(exc.status, exc.detail, errors=exc.errors.items(), **exc.extra)


def _refused(request: HttpRequest, exc: LifecycleError) -> HttpResponse:
    """A service's refusal, with the status the web pages answer it with too (status_of): the
    fields at fault for input, the current version for a stale copy."""
    status = status_of(exc)
    if isinstance(exc, InvalidInput):
        return problem(status, _("Some fields cannot be accepted."), errors=exc.errors.items())
    if isinstance(exc, StaleVersion):
        errors = [("version", exc.message)]
        return problem(status, exc.message, errors=errors, current_version=exc.current)
    return problem(status, exc.message)


def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = getattr(exc, "message", "") or str(exc) or _("Your role cannot do this.")
    return problem(403, message)


def _too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(413, _("The request body is too large."))


def _pack(request: HttpRequest, exc: PackError) -> HttpResponse:
    errors = [(issue.path or "source", str(issue)) for issue in exc.problems]
    return problem(422, _("The policy pack cannot be accepted."), errors=errors)


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else: 503 or 507 when the database cannot serve, else 500; never a traceback."""
    return problem_for(request, exc)


def install(api: NinjaAPI) -> None:
    handlers: list[tuple[type[Exception], Any]] = [
        (ValidationError, _validation),
        (AuthenticationError, _http_error),
        (HttpError, _http_error),
        (Http404, _not_found),
        (ApiError, _api_error),
        (LifecycleError, _refused),
        (PermissionDenied, _forbidden),
        (RequestDataTooBig, _too_big),
        (PackError, _pack),
        (Exception, _unexpected),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, handler)
