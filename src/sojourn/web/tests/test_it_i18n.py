"""Switching the language to Simplified Chinese through Django's set_language view."""

from __future__ import annotations

import datetime

from django.test import Client

from sojourn.conftest import Cast
from sojourn.testing import builders


def test_switching_to_chinese(client: Client, cast: Cast, now: datetime.datetime) -> None:
    builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Summit in Paris", purpose="conference")
    )
    client.force_login(cast.traveller)
    assert "My trips" in client.get("/").content.decode()

    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    content = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in content
    assert "我的行程" in content  # My trips
    assert "退出登录" in content  # Log out
    assert "已提交" in content  # the Submitted status, from the model's choices
    assert "My trips" not in content
    assert "Summit in Paris" in content  # data stays as written


def test_login_page_in_chinese(client: Client, db: None) -> None:
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})
    content = client.get("/login/").content.decode()
    assert "登录" in content
    assert "Log in to Sojourn" not in content
