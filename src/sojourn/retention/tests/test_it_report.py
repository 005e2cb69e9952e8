"""The retention report shows the periods that apply to each organisation (its pack's where it
sets one, else the setting) and what was purged when: an officer their organisation's and the
deployment's, oversight and auditors every one, travellers nothing (404)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import translation

from sojourn.directives.models import PolicyVersion
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


def periods_row(content: str, name: str) -> str:
    start = content.index(f'<th scope="row">{name} ')
    return content[start : content.index("</tr>", start)]


def cells(row: str) -> list[str]:
    return [" ".join(cell.split()) for cell in re.findall(r'<td class="num">(.*?)</td>', row)]


@pytest.fixture
def lab_pack_sets_places(cast, settings):
    """The lab's pack keeps places 7 days; the settings keep them 90, notifications 30, debriefs
    10 years."""
    settings.SOJOURN_RETENTION_CHECKIN_DAYS = 90
    settings.SOJOURN_RETENTION_NOTIFICATION_DAYS = 30
    settings.SOJOURN_RETENTION_DEBRIEF_YEARS = 10
    current = PolicyVersion.objects.get(pack_id="lifecycle-test", version=1)
    PolicyVersion.objects.create(
        pack_id="lifecycle-test",
        version=2,
        title=current.title,
        source=current.source.replace("version: 1", "version: 2")
        + "retention:\n  checkin_location_days: 7\n",
        effective_from=datetime.datetime(2000, 1, 2, tzinfo=datetime.UTC),
    )


def test_each_organisation_shows_its_packs_period_where_it_sets_one(cast, lab_pack_sets_places):
    content = report(cast.oversight).content.decode()

    lab, robo = periods_row(content, "Lab"), periods_row(content, "Robo")
    assert "lifecycle-test@2" in lab
    assert cells(lab) == [
        "7 <small>pack</small>",
        "30 <small>setting</small>",
        "10 <small>setting</small>",
    ]
    assert cells(robo) == [
        "90 <small>setting</small>",
        "30 <small>setting</small>",
        "10 <small>setting</small>",
    ]


def test_an_officer_is_shown_the_periods_of_their_organisation_only(cast, lab_pack_sets_places):
    content = report(cast.officer, "zh-hans").content.decode()

    assert cells(periods_row(content, "Lab"))[0] == "7 <small>政策包</small>"
    assert '<th scope="row">Robo ' not in content
