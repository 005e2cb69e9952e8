"""An officer's register sorted by risk (open hits, then alerts, distinct travellers, recent
sightings, approaches, the latest sighting), and oversight's clusters across organisations."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.auth.models import User
from django.template import RequestContext, Template
from django.test import Client, RequestFactory

from sojourn.conftest import Cast
from sojourn.contacts.identifiers import email
from sojourn.contacts.models import Contact, SightingSource
from sojourn.contacts.sightings import SightingInput, record_sighting
from sojourn.screening import rescreen
from sojourn.screening.importing import import_snapshot
from sojourn.screening.risk import by_risk
from sojourn.testing import builders

FICTIONAL = Path(__file__).parent.parent / "data" / "fictional-list.csv"
DAY = datetime.timedelta(days=1)


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def seen(
    reporter: User, name: str, now: datetime.datetime, *, days_ago: int = 1, mail: str = ""
) -> Contact:
    return record_sighting(
        SightingInput(
            source=SightingSource.CONTACT_REPORT,
            occurred_on=(now - days_ago * DAY).date(),
            name=name,
            identifiers=(email(mail),) if mail else (),
        ),
        reporter=reporter,
        organisation=reporter.person.organisation,
        now=now,
    ).contact


def test_the_register_comes_riskiest_first(cast: Cast, now: datetime.datetime) -> None:
    old = seen(cast.traveller, "Ingrid Holm", now, days_ago=800)
    recent = seen(cast.traveller, "Pavel Novak", now)
    twice = seen(cast.traveller, "Aiko Tanaka", now, mail="aiko@example.org")
    seen(cast.colleague, "A. Tanaka", now, mail="aiko@example.org")
    listed = seen(cast.traveller, "Lin Meihua", now, days_ago=300)
    import_snapshot(FICTIONAL, list_id="fictional", format="csv", as_of=now.date(), now=now)
    rescreen.after_import(now=now)  # the contacts are screened: "Lin Meihua" is a hit

    order = [risk.contact.pk for risk in by_risk(cast.lab, now=now)]

    assert order == [listed.pk, twice.pk, recent.pk, old.pk]
    page = client_of(cast.officer).get("/contacts/clusters/").content.decode()
    names = ["Lin Meihua", "Aiko Tanaka", "Pavel Novak", "Ingrid Holm"]
    assert [page.index(name) for name in names] == sorted(page.index(name) for name in names)
    assert "Pavel" not in client_of(cast.other_officer).get("/contacts/clusters/").content.decode()
    assert client_of(cast.oversight).get("/contacts/clusters/").status_code == 404

    # The contact page's sections: the listed contact's hit with its dismiss form, its history.
    sections = contact_sections(cast.officer, listed)
    assert "FX-003" in sections
    assert 'action="/screening/hits/' in sections
    assert f'href="/contacts/{listed.pk}/merge/"' in sections
    assert "FX-003" not in contact_sections(cast.other_officer, listed)
    assert 'action="/screening/hits/' not in contact_sections(cast.oversight, listed)


def contact_sections(user: User, contact: Contact) -> str:
    request = RequestFactory().get(f"/contacts/{contact.pk}/")
    request.user = user
    page = Template(
        "{% load resolution screening_hits %}{% contact_hits contact %}"
        "{% resolution_sections contact %}"
    )
    return page.render(RequestContext(request, {"contact": contact}))


def test_oversight_sees_a_contact_seen_across_organisations(
    cast: Cast, now: datetime.datetime
) -> None:
    robo = builders.traveller("robo_traveller", organisation=cast.robo)
    ours = seen(cast.traveller, "Aiko Tanaka", now, mail="aiko@example.org")
    theirs = seen(robo, "Tanaka Aiko", now, mail="aiko@example.org")

    page = client_of(cast.oversight).get("/contacts/clusters/across/").content.decode()

    assert "Aiko Tanaka" in page
    assert "Tanaka Aiko" in page
    assert cast.robo.name in page
    assert ours.pk != theirs.pk
    assert client_of(cast.officer).get("/contacts/clusters/across/").status_code == 404
