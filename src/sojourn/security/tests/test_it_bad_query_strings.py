"""The values a page reads from its address itself (an id to start from, a trip or a person to
preselect, a page of the log) are as hostile as any form: a digit int() cannot read ("²"), a
number no database column holds, a NUL character (PostgreSQL refuses to compare it). Each is
answered as "nothing matches" or "not found", never with a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from sojourn.conftest import NOW, Cast
from sojourn.security.tests.forms import FORMS
from sojourn.testing import builders

SUPERSCRIPT = "²"  # str.isdigit() says yes, int() says no
CIRCLED = "①"
HUGE = "9" * 30  # more than a 64-bit column holds
NUL = "%00"

ADDRESSES = [
    ("oversight", "/policies/new/?from={}"),
    ("oversight", "/directives/instruction/cancel/?trip_id={}"),
    ("oversight", "/directives/instruction/cancel/?q={}"),
    ("oversight", "/directives/instruction/hold/?person_id={}"),
    ("oversight", "/directives/instruction/hold/?q={}"),
    ("officer", "/exports/trips.csv?scope=person&person_id={}"),
    ("auditor", "/exports/trips.csv?scope=all&status={}"),
    ("officer", "/exports/trips.csv?scope=review&traveller_id={}&tier={}"),
    ("auditor", "/audit/?before={}"),
    ("auditor", "/audit/?after={}"),
    ("auditor", "/audit/?action={}&object_id={}&actor={}"),
    ("officer", "/people/?q={}&organisation={}"),
    ("oversight", "/people/?cursor={}"),
    ("officer", "/review/?tier={}&traveller_id={}"),
    ("officer", "/watch/?abroad_page={}"),
    ("traveller", "/invitations/?cursor={}"),
    ("traveller", "/feeds/{}/trips.ics"),
    ("traveller", "/checkin/{}/"),
]


@pytest.mark.parametrize("value", [SUPERSCRIPT, CIRCLED, HUGE, NUL, "-1", "1e3"])
@pytest.mark.parametrize(("who", "address"), ADDRESSES)
def test_an_odd_value_in_the_address_is_never_a_server_error(
    client: Client,
    cast: Cast,
    monkeypatch: pytest.MonkeyPatch,
    who: str,
    address: str,
    value: str,
) -> None:
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    builders.submitted(
        cast.traveller, NOW, builders.Itinerary(title="Workshop in Berlin", purpose="conference")
    )
    client.force_login(getattr(cast, who))

    response = client.get(address.replace("{}", value))
    if response.streaming:  # a CSV file is made as it is sent: read it all
        b"".join(response.streaming_content)  # type: ignore[attr-defined]

    assert response.status_code in {200, 400, 404}, response.status_code


def test_removing_a_debrief_row_by_an_odd_number_removes_nothing(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = FORMS["debrief"](cast)
    monkeypatch.setattr(timezone, "now", lambda: form.at)
    assert form.who is not None
    client.force_login(form.who)

    response = client.post(form.url, {**form.data, "remove": f"meetings-{SUPERSCRIPT}"})

    assert response.status_code == 200
    assert 'name="meetings-0-counterpart"' in response.content.decode()
