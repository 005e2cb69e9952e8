"""Short English words with two senses carry a translation context, so Chinese can say each sense
in its own words: "Submitted" the status (已提交) is not "Submitted" the time (提交时间); "Person"
met in a debrief is not the person an instruction concerns.

The catalogue is extracted by the lead, so these tests put the context entries into the loaded
zh-hans catalogue themselves and check that each page asks for the sense it means."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils.translation import trans_real

from sojourn.conftest import Cast
from sojourn.testing import builders

CONTEXT_SEPARATOR = "\x04"
ENTRIES = {
    ("time of the event", "Submitted"): "提交时间〔测〕",
    ("time of the event", "Created"): "创建时间〔测〕",
    ("overview of a trip", "Summary"): "行程概要〔测〕",
    ("the person met", "Person"): "会见对象〔测〕",
    ("the debrief cannot be written yet", "Not yet"): "暂不能填写〔测〕",
}


@pytest.fixture
def contexts() -> Iterator[None]:
    catalogue = trans_real.translation("zh-hans")._catalog  # type: ignore[attr-defined]
    keys = [f"{context}{CONTEXT_SEPARATOR}{msgid}" for context, msgid in ENTRIES]
    for key, text in zip(keys, ENTRIES.values(), strict=True):
        catalogue[key] = text
    yield
    for key in keys:
        catalogue._catalogs[0].pop(key, None)


def in_chinese(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})


def test_the_trip_page_tells_the_status_from_the_time(
    client: Client, cast: Cast, now: datetime.datetime, contexts: None
) -> None:
    trip = builders.submitted(
        cast.traveller, now, builders.Itinerary(title="Summit in Paris", purpose="conference")
    )
    client.force_login(cast.traveller)
    in_chinese(client)

    content = client.get(f"/trips/{trip.pk}/").content.decode()

    assert "已提交" in content  # the status badge, without a context
    assert "提交时间〔测〕" in content  # the history's time of submission
    assert "创建时间〔测〕" in content
    assert "行程概要〔测〕" in content  # the summary section, not the debrief depth


def test_the_person_met_has_its_own_word(
    client: Client, cast: Cast, now: datetime.datetime, contexts: None
) -> None:
    engineer = builders.traveller("engineer", organisation=cast.robo)
    trip = builders.returned(
        engineer, now, reviewers=[cast.other_officer, cast.oversight], itinerary=builders.summit()
    )
    client.force_login(engineer)
    in_chinese(client)

    content = client.get(f"/trips/{trip.pk}/debrief/").content.decode()

    assert "会见对象〔测〕" in content  # the label of the first meeting row


def test_a_debrief_not_open_yet_says_so_in_its_own_words(
    client: Client, cast: Cast, now: datetime.datetime, contexts: None
) -> None:
    trip = builders.approved(
        cast.traveller,
        now,
        reviewers=[cast.officer],
        itinerary=builders.Itinerary(title="Summit in Paris", purpose="conference"),
    )
    client.force_login(cast.traveller)
    in_chinese(client)

    content = client.get(f"/trips/{trip.pk}/debrief/").content.decode()

    assert "暂不能填写〔测〕" in content
