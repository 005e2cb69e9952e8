"""The suggestions queue through the web: each officer sees and decides their register's pairs
(another organisation's officer finds nothing), oversight the pairs across registers; a
decision is audited and the pair leaves the queue, with or without htmx."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sojourn.audit.models import AuditEvent
from sojourn.contacts.identifiers import email
from sojourn.contacts.models import Contact, Suggestion, SuggestionStatus
from sojourn.contacts.tests.conftest import Sight

QUEUE = "/contacts/suggestions/"


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_decides_their_registers_pairs_and_no_one_elses(cast, sight: Sight) -> None:
    sight(cast.traveller, "Zhang Wei", identifiers=(email("zw@example.org"),), country="SG")
    sight(cast.colleague, "Wei Zhang", country="US")
    pair = Suggestion.objects.get()
    confirm = reverse("contact-suggestion-confirm", args=[pair.pk])
    officer = client_of(cast.officer)

    page = officer.get(QUEUE).content.decode()
    assert "Zhang Wei" in page
    assert "Wei Zhang" in page
    assert "Different countries: the score was lowered." in page
    assert "Singapore" in page
    assert "United States" in page
    assert "Wei Zhang" not in client_of(cast.other_officer).get(QUEUE).content.decode()
    assert client_of(cast.other_officer).post(confirm).status_code == 404
    assert client_of(cast.oversight).post(confirm).status_code == 403
    assert client_of(cast.traveller).get(QUEUE).status_code == 404

    answer = officer.post(confirm)

    assert answer.status_code == 302
    assert answer["Location"] == QUEUE
    assert Suggestion.objects.get().status == SuggestionStatus.CONFIRMED
    assert Contact.objects.get(pk=pair.candidate_id).merged_into_id == pair.contact_id
    event = AuditEvent.objects.get(action="suggestion.confirmed")
    assert event.actor_id == cast.officer.pk
    assert event.object_id == str(pair.pk)
    assert AuditEvent.objects.filter(action="contact.merged").count() == 1
    assert "Wei Zhang" not in officer.get(QUEUE).content.decode()
    assert officer.post(confirm).status_code == 409  # decided already: it says so


def test_oversight_rejects_a_pair_across_registers_with_htmx(
    cast, sight: Sight, robo_traveller
) -> None:
    sight(cast.traveller, "Zhang Wei")
    sight(robo_traveller, "ZHANG, Wei")
    pair = Suggestion.objects.get(organisation__isnull=True)
    oversight = client_of(cast.oversight)
    assert "ZHANG, Wei" in oversight.get(QUEUE).content.decode()
    assert "ZHANG, Wei" not in client_of(cast.officer).get(QUEUE).content.decode()
    auditor_page = client_of(cast.auditor).get(QUEUE).content.decode()
    assert "ZHANG, Wei" in auditor_page
    assert 'action="/contacts/suggestions/' not in auditor_page

    answer = oversight.post(
        reverse("contact-suggestion-reject", args=[pair.pk]), headers={"HX-Request": "true"}
    )

    assert answer.status_code == 200
    row = answer.content.decode()
    assert row.startswith('<li class="card suggestion" id="suggestion-')
    assert "will not be suggested again" in row
    assert "<form" not in row
    assert Suggestion.objects.get().status == SuggestionStatus.REJECTED
    assert AuditEvent.objects.filter(action="suggestion.rejected", actor=cast.oversight).exists()
    assert "ZHANG, Wei" not in oversight.get(QUEUE).content.decode()
