"""Merging, splitting and undoing through the web: the register's officer acts behind a page that
says what will happen (each page that shows a contact records the read); the services audit
each step; whoever sees the contact but may not resolve it is refused, others find nothing."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.contacts.models import Contact, Merge, SightingSource
from sojourn.contacts.sightings import SightingInput, record_sighting
from sojourn.contacts.tests.conftest import Sight


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_merges_two_contacts_and_undoes_it(cast, sight: Sight) -> None:
    brandt = sight(cast.traveller, "Oskar Brandt", country="DE").contact
    other = sight(cast.colleague, "Lena Fischer", country="DE").contact
    address = f"/contacts/{brandt.pk}/merge/"
    officer = client_of(cast.officer)
    assert "Lena Fischer" in officer.get(address).content.decode()  # the chooser offers it
    assert client_of(cast.other_officer).get(address).status_code == 404
    assert client_of(cast.colleague).get(address).status_code == 404
    assert client_of(cast.traveller).post(address, {"into": other.pk}).status_code == 403
    assert officer.post(address, {"into": ""}).status_code == 422  # no contact chosen

    confirm = officer.get(address, {"into": other.pk})
    assert confirm.status_code == 200
    reads = AuditEvent.objects.filter(action="contact.read", actor=cast.officer)
    assert {e.object_id for e in reads} >= {str(brandt.pk), str(other.pk)}

    assert officer.post(address, {"into": other.pk}).status_code == 302
    brandt.refresh_from_db()
    assert brandt.merged_into_id == other.pk
    done = Merge.objects.get()
    assert AuditEvent.objects.get(action="contact.merged").object_id == str(done.pk)

    undo = f"/contacts/merges/{done.pk}/undo/"
    assert "Undo the merge" in officer.get(undo).content.decode()
    assert client_of(cast.oversight).post(undo).status_code == 403
    assert officer.post(undo).status_code == 302
    brandt.refresh_from_db()
    assert brandt.merged_into_id is None
    assert AuditEvent.objects.filter(action="contact.merge_undone").count() == 1
    assert officer.post(undo).status_code == 409  # undone already: it says so


def test_an_officer_splits_chosen_sightings_off(cast, sight: Sight, now) -> None:
    first = sight(cast.traveller, "Mei Lin")
    contact = first.contact
    # A colleague reports another meeting and picks the same contact (they were not the same).
    second = record_sighting(
        SightingInput(
            source=SightingSource.CONTACT_REPORT,
            occurred_on=first.occurred_on,
            name="Lin Mei",
            contact=contact,
        ),
        reporter=cast.colleague,
        organisation=cast.lab,
        now=now,
    )
    officer = client_of(cast.officer)
    address = f"/contacts/{contact.pk}/split/"

    every = officer.post(address, {"sighting_ids": [first.pk, second.pk]})
    assert every.status_code == 422
    page = every.content.decode()
    assert "not all of them" in page
    assert page.count("checked") == 2  # what was chosen is kept

    assert officer.post(address, {"sighting_ids": [second.pk]}).status_code == 302
    second.refresh_from_db()
    assert second.contact_id != contact.pk
    assert Contact.objects.get(pk=second.contact_id).organisation_id == cast.lab.pk
    assert AuditEvent.objects.filter(action="contact.split").count() == 1
