"""The register's pages: a traveller's own contacts, an officer's register with its filters and
orders, oversight's every register; a contact's page for each, every read audited; the CSV."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.http import StreamingHttpResponse
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.contacts.identifiers import email
from sojourn.contacts.models import Contact, Sighting
from sojourn.contacts.tests.conftest import Sight

DAY = datetime.timedelta(days=1)
MAIL = (email("zhang.wei@example.org"),)


@pytest.fixture
def world(cast: Cast, robo_traveller: User, sight: Sight, now, view_clock) -> dict[str, Contact]:
    """GIVEN Zhang Wei met by the traveller (twice) and, as 张伟, by the colleague, one e-mail
    address naming them (so one contact, seen by two travellers: a correlation alert); a
    spreadsheet trap in Chinese met by the traveller; and Zhang Wei with the same address in
    the robotics register (one cluster across the two)"""
    view_clock(now)
    first = sight(cast.traveller, "Zhang Wei", identifiers=MAIL, country="CN")
    sight(cast.traveller, "Zhang Wei", identifiers=MAIL, occurred_on=now.date() - 3 * DAY)
    sight(cast.colleague, "张伟", identifiers=MAIL)
    trap = sight(cast.traveller, "=李娜", occurred_on=now.date() - 9 * DAY)
    robo = sight(robo_traveller, "Zhang Wei", identifiers=MAIL)
    return {"zhang": first.contact, "trap": trap.contact, "robo": robo.contact}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names(client: Client, query: str = "") -> list[str]:
    page = client.get(f"/contacts/?{query}")
    assert page.status_code == 200
    return [c.name for c in page.context["page"]] if "rows" in page.context else []


def test_a_traveller_sees_only_their_own_sightings(cast: Cast, world) -> None:
    """
    WHEN the traveller opens "My contacts" and Zhang Wei's page
    THEN they see their own two sightings by the names they gave, never the colleague's 张伟;
         the colleague reaches nothing of the robotics register, the other officer nothing
         of the lab's
    """
    mine = _client(cast.traveller).get("/contacts/").content.decode()
    assert "Zhang Wei" in mine
    assert "张伟" not in mine
    page = _client(cast.traveller).get(f"/contacts/{world['zhang'].pk}/")
    assert page.status_code == 200
    assert len(page.context["page"].sightings) == 2
    assert "张伟" not in page.content.decode()
    assert "colleague" not in page.content.decode()
    assert _client(cast.colleague).get(f"/contacts/{world['trap'].pk}/").status_code == 404
    assert _client(cast.other_officer).get(f"/contacts/{world['zhang'].pk}/").status_code == 404


def test_the_officers_register_filters_and_orders(cast: Cast, world) -> None:
    officer = _client(cast.officer)
    assert _names(officer) == ["Zhang Wei", "=李娜"]
    assert _names(officer, "flagged=on") == ["Zhang Wei"]
    assert _names(officer, "q=Wei+Zhang") == ["Zhang Wei"]
    assert _names(officer, "q=张伟") == ["Zhang Wei"]
    assert _names(officer, "q=Nobody+Else") == []
    assert _names(officer, "country=CN") == ["Zhang Wei"]
    assert _names(officer, "kind=organisation") == []
    assert _names(officer, "order=most_seen&kind=bogus") == ["Zhang Wei", "=李娜"]
    line = officer.get("/contacts/").context["rows"][0]
    assert (line[0].seen, line[0].travellers) == (3, 2)
    assert [str(flag.label) for flag in line[2]] == ["Correlation alert"]
    assert sorted(_names(_client(cast.oversight))) == ["=李娜", "Zhang Wei", "Zhang Wei"]


def test_the_contact_page_is_whole_for_officers_and_every_read_audited(cast: Cast, world) -> None:
    """
    WHEN the lab's officer and oversight open Zhang Wei's page
    THEN both read its names, its address and its three sightings; only oversight sees the
         robotics register's member of its cluster; only the officer is offered to merge or
         split it; each read is one contact.read event
    """
    zhang = world["zhang"]
    officer = _client(cast.officer).get(f"/contacts/{zhang.pk}/")
    oversight = _client(cast.oversight).get(f"/contacts/{zhang.pk}/")
    for response in (officer, oversight):
        page = response.content.decode()
        assert "张伟" in page
        assert "zhang.wei@example.org" in page
        assert len(response.context["page"].sightings) == 3
    assert officer.context["page"].cluster == []
    assert oversight.context["page"].cluster == [world["robo"]]
    # The officer resolves the register from the page; oversight reads its history only.
    merge, split = f"/contacts/{zhang.pk}/merge/", f"/contacts/{zhang.pk}/split/"
    offered = officer.content.decode()
    assert merge in offered
    assert split in offered
    assert "Never merged nor split." in oversight.content.decode()
    assert merge not in oversight.content.decode()
    reads = AuditEvent.objects.filter(action="contact.read", object_id=str(zhang.pk))
    assert sorted(reads.values_list("actor__username", flat=True)) == ["officer", "oversight"]
    assert all(event.data == {"through": "web"} for event in reads)


def _csv(response: object) -> tuple[str, list[list[str]]]:
    assert isinstance(response, StreamingHttpResponse)
    raw = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]
    return raw, list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))


def test_the_export_holds_the_register_and_is_audited(cast: Cast, world) -> None:
    response = _client(cast.officer).get("/contacts/export.csv?q=Zhang+Wei&flagged=on")
    assert response.status_code == 200
    raw, rows = _csv(response)
    assert raw.startswith("\ufeff")
    assert [row[2] for row in rows[1:]] == ["Zhang Wei"]
    assert rows[1][-1] == "Correlation alert"

    everything = _client(cast.oversight).get("/contacts/export.csv")
    _raw, rows = _csv(everything)
    assert sorted(row[2] for row in rows[1:]) == ["'=李娜", "Zhang Wei", "Zhang Wei"]
    assert _client(cast.traveller).get("/contacts/export.csv").status_code == 403

    events = AuditEvent.objects.filter(action="contacts.exported").order_by("seq")
    assert [e.actor.username for e in events if e.actor] == ["officer", "oversight"]
    assert events[0].data["filters"] == {"flagged": "yes", "order": "last_seen"}
    assert events[0].data["has_search"] is True
    assert "Zhang" not in str(events[0].data)
    assert Sighting.objects.count() == 5
