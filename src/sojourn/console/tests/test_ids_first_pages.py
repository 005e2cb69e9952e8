"""A numbered page of a console list reads the page's ids first, from the order alone, and then
those rows whole: the same rows, in the same order, as a plain OFFSET gives, in one statement."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sojourn.console.selectors.common import PAGE_SIZE, paginate
from sojourn.people.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_deep_page_lists_what_an_offset_would_from_the_ids_first() -> None:
    for n in range(PAGE_SIZE + 5):
        Organisation.objects.create(name=f"Org {n:02}", slug=f"org-{n:02}", sectors=["ai"])
    ordered = Organisation.objects.order_by("-name", "id")
    expected = [org.pk for org in ordered]
    with CaptureQueriesContext(connection) as captured:
        page = paginate(ordered, "2")
        listed = [org.pk for org in page]
    assert listed == expected[PAGE_SIZE:]
    assert page.number == 2
    assert page.paginator.count == len(expected)
    rows = [query["sql"] for query in captured.captured_queries if "COUNT" not in query["sql"]]
    assert len(rows) == 1
    assert "IN (SELECT" in rows[0]
    assert [org.pk for org in paginate(ordered, "1")] == expected[:PAGE_SIZE]
