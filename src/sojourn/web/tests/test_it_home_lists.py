"""A home page lists the first rows of each list and says when more follow, linking to the
console page that lists them all: no home page grows with the organisation."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from sojourn.conftest import Cast
from sojourn.web import selectors
from sojourn.web.tests import builders


@pytest.fixture
def three_abroad(cast: Cast, now: datetime.datetime) -> None:
    """GIVEN three trips under way and three submitted, and home pages that show two rows."""
    for n in range(3):
        builders.in_progress(cast.traveller, cast.officer, now, title=f"Paris {n}", country="FR")
        builders.submitted(cast.colleague, now, title=f"Visit {n}", country="JP")


def section(content: str, title_id: str) -> str:
    start = content.index(f'id="{title_id}"')
    return content[start : content.index("</section>", start)]


def test_the_officer_sees_the_first_rows_and_a_way_to_the_rest(
    client: Client, cast: Cast, three_abroad: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "HOME_ROWS", 2)
    client.force_login(cast.officer)
    content = client.get("/").content.decode()

    abroad = section(content, "abroad-title")
    assert len(re.findall(r'href="/trips/\d+/"', abroad)) == 2
    assert "(2+)" in abroad
    assert 'href="/watch/"' in abroad
    queue = section(content, "queue-title")
    assert len(re.findall(r'href="/trips/\d+/"', queue)) == 2
    assert "(2+)" in queue
    assert 'href="/review/"' in queue


def test_a_list_that_fits_says_nothing_more(
    client: Client, cast: Cast, three_abroad: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "HOME_ROWS", 3)
    client.force_login(cast.oversight)
    abroad = section(client.get("/").content.decode(), "abroad-title")
    assert len(re.findall(r'href="/trips/\d+/"', abroad)) == 3
    assert "(3)" in abroad
    assert "see them all" not in abroad
