"""Only Sojourn's own addresses become links in an email's body."""

from __future__ import annotations

import pytest
from django.test import override_settings

from sojourn.notify.messages import render_email
from sojourn.notify.templatetags.email_links import own_links

BASE = "https://sojourn.example.org"


@override_settings(SOJOURN_BASE_URL=BASE)
def test_an_address_of_sojourn_becomes_a_link_without_its_trailing_full_stop():
    html = own_links(f"Check in here: {BASE}/c/abc123.")
    assert html == f'Check in here: <a href="{BASE}/c/abc123">{BASE}/c/abc123</a>.'


@override_settings(SOJOURN_BASE_URL=BASE)
@pytest.mark.parametrize(
    "lure",
    [
        "https://sojourn-login.example.net/reset",
        "http://evil.example/",
        f"{BASE}.evil.example/login",
        "https://user@sojourn.example.org@evil.example/",
    ],
)
def test_any_other_address_written_by_someone_stays_plain_text(lure: str):
    html = own_links(f"Trip: Conference {lure} (see agenda)")
    assert "<a" not in html
    assert "href" not in html
    assert lure.replace("&", "&amp;") in html


@override_settings(SOJOURN_BASE_URL=BASE)
def test_markup_in_the_body_is_escaped_around_and_inside_links():
    html = own_links(f'<script>alert(1)</script> {BASE}/trips/1/"onmouseover=x')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert f'<a href="{BASE}/trips/1/">{BASE}/trips/1/</a>&quot;onmouseover=x' in html


@override_settings(SOJOURN_BASE_URL=BASE)
def test_the_email_template_links_only_sojourn_addresses_in_the_body():
    _text, html = render_email(
        subject="Trip submitted",
        body=f"Conference https://evil.example/login\nOpen {BASE}/trips/7/",
        urgent=False,
        on_trip=True,
        name="Officer",
        link=f"{BASE}/trips/7/",
    )
    assert 'href="https://evil.example/login"' not in html
    assert "https://evil.example/login" in html
    assert f'<a href="{BASE}/trips/7/">{BASE}/trips/7/</a>' in html
    assert "<br>" in html
