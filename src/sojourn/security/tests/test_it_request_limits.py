"""Request size limits: set explicitly, roomy enough for the largest honest form, and a body
over them gets a page that says so (413), never a server error, and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from sojourn.conftest import Cast
from sojourn.debriefs import forms as debrief_forms
from sojourn.directives.forms import MAX_PACK_BYTES
from sojourn.security.tests.forms import FORMS
from sojourn.security.tests.hostile import Page, stored
from sojourn.testing import builders
from sojourn.trips.forms import rows as trip_rows
from sojourn.trips.forms.trip_editor import TripForm
from sojourn.trips.models import Trip

# Not Django's defaults silently: the settings name them.
SETTINGS_SOURCE = (settings.PACKAGE_DIR / "settings.py").read_text()
# Around every form's own fields: the CSRF token, the pressed button, the row management forms.
EXTRA_FIELDS = 10


def _debrief_fields() -> int:
    rows = debrief_forms.MAX_ROWS
    return (
        len(debrief_forms.DebriefForm.base_fields)
        + rows * len(debrief_forms.MeetingForm.base_fields)
        + rows * len(debrief_forms.IncidentForm.base_fields)
    )


def _trip_fields() -> int:
    return (
        len(TripForm.base_fields)
        + trip_rows.MAX_LEGS * len(trip_rows.LegForm.base_fields)
        + trip_rows.MAX_MEETINGS * len(trip_rows.MeetingForm.base_fields)
    )


def test_the_limits_are_set_explicitly_and_fit_the_largest_honest_form() -> None:
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE =" in SETTINGS_SOURCE
    assert "DATA_UPLOAD_MAX_NUMBER_FIELDS =" in SETTINGS_SOURCE
    # A policy pack at its limit, every byte percent-encoded in a form post, still fits.
    assert 3 * MAX_PACK_BYTES < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    largest = max(_debrief_fields(), _trip_fields()) + EXTRA_FIELDS
    assert largest <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 5000


def _too_large(response) -> None:
    assert response.status_code == 413
    content = response.content.decode()
    assert "Too much at once" in content
    assert "Nothing was saved." in content


@pytest.mark.parametrize("name", ["trip-new", "debrief", "checkin", "advisory", "profile"])
def test_a_body_over_the_size_limit_gets_a_page_that_says_so(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """GIVEN a form whose longest text was pasted far beyond any limit
    WHEN it is sent
    THEN the answer is a 413 page saying what happened and what to do, and nothing is stored."""
    form = FORMS[name](cast)
    monkeypatch.setattr(timezone, "now", lambda: form.at)
    assert form.who is not None
    client.force_login(form.who)
    longest = max(form.data, key=lambda field: len(form.data[field]))
    before = stored()

    response = client.post(
        form.url, {**form.data, longest: "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )

    _too_large(response)
    assert stored() == before


def test_too_many_fields_get_the_same_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.traveller)
    many = {f"field{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    _too_large(client.post("/trips/new/", many))
    assert not Trip.objects.exists()


def test_a_multipart_body_over_the_limit_gets_it_too(client: Client, cast: Cast) -> None:
    """The policy page posts multipart (it takes a file); its text part is bounded the same."""
    client.force_login(cast.oversight)
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    _too_large(client.post("/policies/new/", {"source": big, "note": ""}, format="multipart"))


def test_signing_in_with_a_huge_body_is_refused_the_same_way(client: Client, cast: Cast) -> None:
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    _too_large(client.post("/login/", {"username": "traveller", "password": huge}))
    assert "_auth_user_id" not in client.session


def test_a_debrief_with_every_row_it_allows_fits(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The largest honest form: 50 meetings and 50 incidents, saved as a draft."""
    form = FORMS["debrief"](cast)
    monkeypatch.setattr(timezone, "now", lambda: form.at)
    assert form.who is not None
    client.force_login(form.who)
    rows = debrief_forms.MAX_ROWS
    data = {**form.data, "meetings-TOTAL_FORMS": str(rows), "incidents-TOTAL_FORMS": str(rows)}
    for index in range(rows):
        data |= {
            f"meetings-{index}-counterpart": f"Person {index}",
            f"meetings-{index}-country": "DE",
            f"meetings-{index}-topics": "Agents " * 100,
            f"incidents-{index}-kind": "gift",
            f"incidents-{index}-description": "A pen " * 100,
        }

    response = client.post(form.url, data)

    assert response.status_code == 302
    trip = Trip.objects.get()
    assert trip.debrief.meetings.count() == rows


def test_a_pack_at_its_own_limit_is_judged_by_the_form_not_refused_unread(
    client: Client, cast: Cast
) -> None:
    """A pasted pack of 256 KB whose every character is percent-encoded (three times its size
    in the body) still reaches the policy form, which judges it."""
    client.force_login(cast.oversight)
    worst = "#:" * (MAX_PACK_BYTES // 2)  # a comment line of characters a form post escapes

    response = client.post("/policies/new/", {"source": worst, "note": ""})

    assert response.status_code == 422
    assert Page(response.content, action="/policies/new/").error_at("source")


def test_a_trip_page_still_answers_after_a_refused_body(client: Client, cast: Cast, now) -> None:
    """A refused body touches nothing: the trip it aimed at reads as before."""
    trip = builders.draft(
        cast.traveller, now, builders.Itinerary(title="Workshop in Berlin", purpose="conference")
    )
    client.force_login(cast.traveller)
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    _too_large(client.post(f"/trips/{trip.pk}/edit/", {"title": huge}))

    trip.refresh_from_db()
    assert trip.title == "Workshop in Berlin"
    assert client.get(f"/trips/{trip.pk}/").status_code == 200


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize(
    ("path", "who"), [("/policies/new/", "oversight"), ("/api/v1/trips", "traveller")]
)
def test_a_body_declared_over_the_limit_is_refused_unread(
    client: Client, cast: Cast, path: str, who: str
) -> None:
    """GIVEN an upload whose Content-Length is over the whole-body limit (a file, which Django
    would otherwise stream to disk whatever its size)
    WHEN it is sent
    THEN it is answered 413 before a byte of it is read."""
    client.force_login(getattr(cast, who))

    environ: dict[str, Any] = {
        "CONTENT_LENGTH": str(settings.SOJOURN_MAX_BODY_BYTES + 1),
        "wsgi.input": Unreadable(),
    }

    response = client.post(path, content_type="multipart/form-data; boundary=B", **environ)

    assert response.status_code == 413


def test_a_content_length_that_is_not_a_number_is_a_bad_request(client: Client, cast: Cast) -> None:
    client.force_login(cast.oversight)

    response = client.post(
        "/policies/new/", content_type="multipart/form-data; boundary=B", CONTENT_LENGTH="lots"
    )

    assert response.status_code == 400


def test_an_upload_at_the_limits_of_its_form_is_not_refused_by_its_length() -> None:
    """The whole-body limit leaves room for the form's text at its limit and a pack's file."""
    assert settings.SOJOURN_MAX_BODY_BYTES > settings.DATA_UPLOAD_MAX_MEMORY_SIZE + MAX_PACK_BYTES
