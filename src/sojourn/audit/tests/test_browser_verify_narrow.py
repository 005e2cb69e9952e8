"""The result of the audit page's Verify button fits a 320 px phone with every kind of finding
on it: a truncated trail's anchor with its hash, and records named with their links."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from sojourn.audit.anchors import publish_due
from sojourn.audit.models import AuditChainHead, AuditEvent
from sojourn.audit.services import chain_head
from sojourn.audit.tests import tampering
from sojourn.care.services import check_in
from sojourn.conftest import Cast
from sojourn.testing import builders
from sojourn.web.tests.conftest import browser as shared_browser
from sojourn.web.tests.test_browser_narrow_screens import BASE, _answer, _problems, phone

pytestmark = [pytest.mark.browser, pytest.mark.presentation]
__all__ = ["phone"]  # the fixture, used by name
browser = shared_browser  # the module-scoped Chromium of the web tests


def _tampered(cast: Cast, now: datetime.datetime) -> None:
    """GIVEN a trip edited by SQL, and the newest event (its check-in's) deleted after the head
    was published (the head row set back to match)."""
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    check_in(
        trip, actor=cast.traveller, status="ok", now=builders.at(trip.starts_on, 12), city="Mitte"
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trips_trip SET status = %s WHERE id = %s", ["closed", trip.pk])
    publish_due(now)
    published = chain_head().seq
    tampering.delete_event(AuditEvent.objects.get(seq=published).pk)
    last = AuditEvent.objects.get(seq=published - 1)
    AuditChainHead.objects.filter(id=1).update(seq=last.seq, last_hash=last.hash)


def test_the_findings_of_verify_fit_a_phone(
    browser: Browser, cast: Cast, now: datetime.datetime, phone: Page
) -> None:
    client = Client()
    client.force_login(cast.auditor)  # audited: before the tampering, which it would follow
    _tampered(cast, now)
    phone.route(f"{BASE}/**", _answer(client))
    phone.goto(BASE + "/audit/", wait_until="load")

    phone.get_by_role("button", name="Verify the trail").click()

    result = phone.locator("#verify-result")
    expect(result).to_contain_text("its newest events were removed")
    expect(result).to_contain_text("changed since its last audited write")
    expect(result).to_contain_text("inserted: no audited write created it")
    problems = _problems(phone, "/audit/ (verified)")
    assert not problems, "\n".join(problems)
