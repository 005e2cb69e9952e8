"""`Idempotency-Key` on API POSTs: a replay within 24 hours answers the first response again.

The key is claimed (a unique row per user and key) before the operation runs, in its own
transaction, so two concurrent requests with one key cannot both act: the second is told the
first is still in progress (409). The same key with a different request (method, path or body)
is refused (422). Server errors are not remembered, so a retry after one runs afresh; a claim
left behind by a crashed process is released after a few minutes.

Every API POST needs the write scope, so only a token with it claims a key or is answered a
replay: a read-only token of the same person sending a write's key and body is refused by the
operation (403), never shown what the write answered.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sojourn.api.models import IdempotencyRecord
from sojourn.facekit.problems import problem
from sojourn.security import tokens

PREFIX = "/api/v1/"
HEADER = "Idempotency-Key"
KEEP = datetime.timedelta(hours=24)
ABANDONED = datetime.timedelta(minutes=5)
MAX_KEY = 255


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


# The scope a POST needs (sojourn.api.auth): the scope of every request a key is kept for.
SCOPE = "write"


def _user_id(request: HttpRequest) -> int | None:
    """The person whose keys this request may claim or replay: the owner of a token with the
    scope a POST needs; None for anything else (the operation then answers for itself)."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    token = tokens.authenticate(secret.strip(), now=timezone.now())
    if token is None or SCOPE not in token.scopes:
        return None
    return token.user_id


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.body), status=record.status or 200, content_type=record.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith(PREFIX):
            return self.get_response(request)
        if not key or len(key) > MAX_KEY:
            return problem(
                422,
                _("The Idempotency-Key header must be 1 to 255 characters."),
                errors=[(HEADER, _("Use a fresh random value, such as a UUID, per operation."))],
            )
        user_id = _user_id(request)
        if user_id is None:
            return self.get_response(request)  # the operation answers 401 or 403 itself
        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:  # the operation answers 413 itself
            return self.get_response(request)
        now = timezone.now()
        IdempotencyRecord.objects.filter(
            user_id=user_id, key=key, created_at__lt=now - KEEP
        ).delete()
        IdempotencyRecord.objects.filter(
            user_id=user_id, key=key, status__isnull=True, created_at__lt=now - ABANDONED
        ).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user_id=user_id, key=key, fingerprint=fingerprint, created_at=now
                )
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(user_id=user_id, key=key).first()
            if existing is None:  # released between our insert and this read: run it
                return self.get_response(request)
            if existing.fingerprint != fingerprint:
                return problem(
                    422,
                    _("This Idempotency-Key was used for a different request."),
                    errors=[(HEADER, _("Use a new key for a new operation."))],
                )
            if existing.status is None:
                return problem(
                    409,
                    _("A request with this Idempotency-Key is still being answered."),
                    headers={"Retry-After": "1"},
                )
            return _replay(existing)
        try:
            response = self.get_response(request)
        except BaseException:
            record.delete()
            raise
        if response.status_code >= 500 or response.streaming:
            record.delete()
            return response
        record.status = response.status_code
        record.content_type = response.get("Content-Type", "")
        record.body = kept_body(request.path, response.content)
        record.save(update_fields=["status", "content_type", "body"])
        return response


# Answers that say where a traveller is (a check-in, a deviation): kept without the place, so
# the table of replays holds no location; a replay answers the ids and the rest, the place null,
# as the check-in list answers a reader who may not see it.
LOCATION_BEARING = re.compile(r"^/api/v1/trips/\d+/(checkins|deviations)$")
WHERE = ("country", "city", "note", "reason")


def kept_body(path: str, content: bytes) -> bytes:
    """What a record keeps of an answer: the answer itself, or it without its location."""
    if not LOCATION_BEARING.match(path):
        return content
    try:
        answer = json.loads(content)
    except ValueError:
        return b""
    if isinstance(answer, dict):
        answer.update({key: None for key in WHERE if key in answer})
    return json.dumps(answer).encode()


def purge_records(now: datetime.datetime, apply: bool) -> int:
    """Records older than the replay window (retention's job): deleted, or counted."""
    old = IdempotencyRecord.objects.filter(created_at__lt=now - KEEP)
    if not apply:
        return old.count()
    deleted, _per_model = old.delete()
    return deleted
