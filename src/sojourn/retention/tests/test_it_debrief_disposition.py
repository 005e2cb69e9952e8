"""At the end of its period a debrief is anonymised or archived, as the setting or the pack
chooses: archived, it keeps its texts (sealed) but leaves the lists; either way its page says
plainly what happened and when, in English and Chinese."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.debriefs.models import Debrief
from sojourn.directives.models import PolicyVersion
from sojourn.retention.job import run
from sojourn.retention.models import Purge
from sojourn.retention.tests.conftest import DAY, SUMMARY

YEAR = 366 * DAY


@pytest.fixture(autouse=True)
def _period(settings) -> None:
    settings.SOJOURN_RETENTION_DEBRIEF_YEARS = 10


def client_of(user, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def test_the_setting_archives_a_debrief_whole_and_counts_it(cast, closed, settings):
    settings.SOJOURN_RETENTION_DEBRIEF_DISPOSITION = "archive"
    moment = closed.closed_at + 10 * YEAR

    run(moment, apply=True)

    debrief = Debrief.objects.get(trip=closed)
    assert (debrief.summary, debrief.archived_at, debrief.anonymised_at) == (SUMMARY, moment, None)
    assert Purge.objects.get(what="debriefs_archived").count == 1
    assert not Purge.objects.filter(what="debriefs").exists()
    [event] = AuditEvent.objects.filter(action="debrief.archived")
    assert event.object_id == str(debrief.pk)


def test_an_anonymised_debrief_says_when(cast, closed):
    moment = closed.closed_at + 10 * YEAR

    run(moment, apply=True)

    debrief = Debrief.objects.get(trip=closed)
    assert (debrief.summary, debrief.anonymised_at, debrief.archived_at) == ("", moment, None)


def test_the_pack_chooses_archive_over_the_setting(cast, closed, settings):
    settings.SOJOURN_RETENTION_DEBRIEF_DISPOSITION = "anonymise"
    current = PolicyVersion.objects.get(pack_id="lifecycle-test", version=1)
    PolicyVersion.objects.create(
        pack_id="lifecycle-test",
        version=2,
        title=current.title,
        source=current.source.replace("version: 1", "version: 2")
        + "retention:\n  debrief_disposition: archive\n",
        effective_from=datetime.datetime(2000, 1, 2, tzinfo=datetime.UTC),
    )

    run(closed.closed_at + 10 * YEAR, apply=True)

    assert Debrief.objects.get(trip=closed).summary == SUMMARY
    assert Purge.objects.get(what="debriefs_archived").organisation == cast.lab


def test_an_archived_debrief_leaves_the_lists_but_its_page_says_so(cast, closed, settings):
    settings.SOJOURN_RETENTION_DEBRIEF_DISPOSITION = "archive"
    listed = client_of(cast.officer).get("/debriefs/").content.decode()

    run(closed.closed_at + 10 * YEAR, apply=True)

    officer = client_of(cast.officer)  # the pass ended the sessions older than the period
    assert f"/debriefs/{closed.pk}/" in listed
    assert f"/debriefs/{closed.pk}/" not in officer.get("/debriefs/").content.decode()
    page = officer.get(f"/debriefs/{closed.pk}/").content.decode()
    when = f"{(closed.closed_at + 10 * YEAR):%Y-%m-%d}"
    assert f"This debrief was archived on {when}" in page
    assert SUMMARY in page


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "This debrief was anonymised on {when}"), ("zh-hans", "此出行汇报已于 {when} 匿名化")],
)
def test_the_travellers_and_the_officers_pages_say_it_was_anonymised_and_when(
    cast, closed, language, words
):
    moment = closed.closed_at + 10 * YEAR
    run(moment, apply=True)
    expected = words.format(when=f"{moment:%Y-%m-%d}")

    own = client_of(cast.traveller, language).get(f"/trips/{closed.pk}/debrief/").content.decode()
    officer = client_of(cast.officer, language).get(f"/debriefs/{closed.pk}/")

    assert expected in own
    assert expected in officer.content.decode()
