"""An admin list shows its rows and nothing read from others: a sensitive model's list offers no
filter, count or date drill-down whose options come from its rows (those would name the cities,
countries and dates of rows no audit event says were read), and no list sorts or searches by a
column sealed at rest (the database holds ciphertext there)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_headers
from django.db.models import Model
from django.test import RequestFactory
from django.urls import reverse

from sojourn.audit.admin_columns import FIXED_FILTERS, sealed
from sojourn.audit.admin_site import audited
from sojourn.audit.models import AuditEvent
from sojourn.audit.sensitive import is_sensitive
from sojourn.care.models import CheckIn

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)
SENSITIVE = [model for model in REGISTERED if is_sensitive(model)]


def _changelist(model: type[Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _last_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").first()
    return 0 if last is None else last.seq


@pytest.mark.parametrize("model", SENSITIVE, ids=lambda model: model._meta.label_lower)
def test_a_sensitive_list_offers_only_filters_written_in_code(client, superuser, world, model):
    """GIVEN a row of every sensitive model WHEN its list is opened, counts asked for THEN each
    filter offers fixed options (choices, yes or no, date ranges, Sojourn's own), no counts and
    no date drill-down."""
    client.force_login(superuser)

    listed = client.get(_changelist(model), {"_facets": "1"}).context["cl"]

    from_rows = [
        type(spec).__name__
        for spec in listed.filter_specs
        if not isinstance(spec, (admin.SimpleListFilter, *FIXED_FILTERS))
    ]
    assert from_rows == []
    assert listed.date_hierarchy is None
    assert not listed.add_facets


def test_a_check_in_list_that_shows_no_row_names_no_country(client, superuser, world):
    """GIVEN check-ins in a country WHEN the list is filtered to show none of them THEN nothing
    is read, and the page names no country (the filter once listed every country checked in
    from); the status filter, whose options are the statuses, stays."""
    client.force_login(superuser)
    checkin = CheckIn.objects.exclude(country="").first()
    assert checkin is not None
    before = _last_seq()

    page = client.get(_changelist(CheckIn), {"id__exact": "0"})

    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == []
    assert not AuditEvent.objects.filter(seq__gt=before, action="admin.read").exists()
    html = page.content.decode()
    assert not re.search(rf"country(__exact)?={checkin.country}\b", html)
    assert "status__exact=" in html  # the fixed filter stays


def test_a_sealed_column_is_listed_but_not_sortable(client, superuser, world):
    """GIVEN the check-in list, which shows the (sealed) city WHEN it is opened, and when asked
    by hand to sort by the city THEN the city's header offers no sort and the list is not
    ordered by it; the plain columns still sort."""
    client.force_login(superuser)
    opened = client.get(_changelist(CheckIn)).context["cl"]
    city = list(opened.list_display).index("city")

    asked = client.get(_changelist(CheckIn), {"o": str(city)})

    sortable = {
        name: header["sortable"]
        for header in result_headers(opened)
        for name in ("city", "country")
        if f"column-{name}" in str(header["class_attrib"])
    }
    assert sortable == {"city": False, "country": True}
    assert asked.status_code == 200
    ordered_by = [str(term) for term in asked.context["cl"].queryset.query.order_by]
    assert not any("city" in term for term in ordered_by)


def test_no_admin_list_sorts_or_searches_by_a_sealed_column(rf: RequestFactory, superuser):
    """Every registered admin, and one that asks for it: a sealed search field is not offered
    (the database could not answer it), nor a sealed sort."""
    request = rf.get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        assert not [n for n in model_admin.get_search_fields(request) if sealed(model, n)]
        assert not [n for n in model_admin.get_sortable_by(request) if sealed(model, n)]

    asking: Any = type(
        "CheckInAdmin",
        (admin.ModelAdmin,),
        {"list_display": ["country", "city"], "search_fields": ["country", "city", "note"]},
    )
    model_admin = audited(CheckIn, asking)(CheckIn, admin.site)

    assert model_admin.get_search_fields(request) == ["country"]
    assert model_admin.get_sortable_by(request) == ["country"]
