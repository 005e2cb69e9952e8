"""API test fixtures: a client that speaks JSON with a bearer token, and a settable clock."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from sojourn.conftest import NOW
from sojourn.security import tokens


@dataclass
class Answer:
    status: int
    content_type: str
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.raw)

    @property
    def problem_fields(self) -> dict[str, str]:
        """A problem+json answer's `errors`, as {field: message}."""
        assert self.content_type == "application/problem+json", self.raw[:500]
        return {error["field"]: error["message"] for error in self.json["errors"]}


class ApiClient:
    """Calls `/api/v1/…` as one user, through Django's test client."""

    def __init__(self, secret: str | None) -> None:
        self.secret = secret
        self.client = Client()

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Answer:
        all_headers = dict(headers or {})
        if self.secret is not None:
            all_headers.setdefault("Authorization", f"Bearer {self.secret}")
        data: Any = raw if raw is not None else (b"" if body is None else json.dumps(body))
        url = path if path.startswith("/") else f"/api/v1/{path}"
        if params:
            response = self.client.generic(
                method,
                url,
                data,
                content_type="application/json",
                headers=all_headers,
                QUERY_STRING="&".join(f"{k}={v}" for k, v in params.items()),
            )
        else:
            response = self.client.generic(
                method, url, data, content_type="application/json", headers=all_headers
            )
        return Answer(
            status=response.status_code,
            content_type=response.get("Content-Type", "").split(";")[0],
            headers=dict(response.items()),
            raw=b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content,
        )

    def get(self, path: str, **params: Any) -> Answer:
        return self.call("GET", path, params=params or None)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Answer:
        return self.call("POST", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Answer:
        return self.call("PUT", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Answer:
        return self.call("PATCH", path, body, **kwargs)


ApiFor = Callable[..., ApiClient]


@pytest.fixture
def api_for(db: None) -> ApiFor:
    """`api_for(user)` → a client with a fresh write token of that user (`scope="read"` too)."""

    def make(user: User | None, *, scope: str = "write") -> ApiClient:
        if user is None:
            return ApiClient(None)
        # Made at the time the API will see: the test's clock when it set one, else today's
        # (a token made on the fixed test date would have expired by now).
        made = tokens.create_token(
            actor=user, user=user, name="tests", scope=scope, now=timezone.now()
        )
        return ApiClient(made.secret)

    return make


@pytest.fixture
def api_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime.datetime], None]:
    """Sets the time the API sees (operations read `timezone.now()` once); starts at NOW."""

    def set_clock(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    set_clock(NOW)
    return set_clock
