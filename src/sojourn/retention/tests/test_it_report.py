"""The retention report shows what was purged when: an officer their organisation's purges and
the deployment's, oversight and auditors every one, travellers nothing (404)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from sojourn.retention.job import run
from sojourn.retention.models import Purge
from sojourn.retention.tests.conftest import DAY


@pytest.fixture
def purges(cast, now):
    Purge.objects.create(at=now, what="checkin_locations", count=3, organisation=cast.lab)
    Purge.objects.create(at=now, what="debriefs", count=5, organisation=cast.robo)
    Purge.objects.create(at=now, what="sessions", count=7, organisation=None)


def report(user, language: str = "en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client.get("/retention/")


def counts(response) -> set[str]:
    content = response.content.decode()
    return {f"{n}" for n in (3, 5, 7) if f'<td class="num">{n}</td>' in content}


def test_an_officer_sees_their_organisations_purges_and_the_deployments(cast, purges):
    response = report(cast.officer)

    assert response.status_code == 200
    assert counts(response) == {"3", "7"}


@pytest.mark.parametrize("who", ["oversight", "auditor"])
def test_oversight_and_auditors_see_every_purge(cast, purges, who):
    assert counts(report(getattr(cast, who))) == {"3", "5", "7"}


def test_a_traveller_is_not_shown_the_report(cast, purges):
    assert report(cast.traveller).status_code == 404


def test_the_report_names_each_purge_in_chinese(cast, purges):
    content = report(cast.auditor, "zh-hans").content.decode()

    assert "报平安的城市和备注" in content
    assert "<h1>数据保留</h1>" in content


def test_the_purge_job_fills_the_report(cast, closed, settings):
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90
    run(closed.closed_at + 91 * DAY, apply=True)

    with translation.override("en"):
        content = report(cast.officer).content.decode()
    assert "Check-in cities and notes" in content
