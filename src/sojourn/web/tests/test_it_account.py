"""The account page: everyone sees who they are; a person changes their language and emergency
contact (audited), and finds the password change."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.people.models import Person

URL = "/account/"
CONTACT = {
    "language": "zh-hans",
    "emergency_contact_name": "Wang Fang",
    "emergency_contact_phone": "+86 10 1234 5678",
}


@pytest.mark.parametrize(
    ("who", "role", "organisation"),
    [
        ("traveller", "Traveller", "Lab"),
        ("colleague", "Traveller", "Lab"),
        ("officer", "Security officer", "Lab"),
        ("other_officer", "Security officer", "Robo"),
        ("oversight", "Oversight", "Authority"),
        ("auditor", "Auditor", "Authority"),
    ],
)
def test_everyone_sees_their_own_account(
    client: Client,
    cast: Cast,
    who: str,
    role: str,
    organisation: str,
    django_assert_max_num_queries,
) -> None:
    user = getattr(cast, who)
    client.force_login(user)

    with django_assert_max_num_queries(8):
        response = client.get(URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f"{user.username}@example.test" in content
    assert f"<dd>{role}</dd>" in content
    assert f"<dd>{organisation}</dd>" in content
    assert 'href="/account/password/"' in content
    assert '<label for="id_emergency_contact_phone">Emergency contact phone</label>' in content


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_saving_updates_the_profile_and_audits_the_fields_changed(
    client: Client, cast: Cast
) -> None:
    """GIVEN a traveller WHEN they choose Chinese and name an emergency contact THEN their
    profile holds both, the audit names the fields (not the contact's number), and the next
    page is in Chinese."""
    client.force_login(cast.traveller)

    response = client.post(URL, CONTACT)

    assert response.status_code == 302
    assert response["Location"] == URL
    person = Person.objects.get(user=cast.traveller)
    assert (person.language, person.emergency_contact_name, person.emergency_contact_phone) == (
        "zh-hans",
        "Wang Fang",
        "+86 10 1234 5678",
    )
    event = AuditEvent.objects.get(action="person.profile_updated")
    assert event.actor_label == "traveller"
    assert event.data == {
        "fields": ["language", "emergency_contact_name", "emergency_contact_phone"],
        "language": {"from": "", "to": "zh-hans"},
    }
    assert "1234" not in str(event.data)
    page = client.get(URL)
    assert page["Content-Language"] == "zh-hans"
    assert 'value="Wang Fang"' in page.content.decode()


def test_saving_nothing_new_writes_no_event(client: Client, cast: Cast) -> None:
    client.force_login(cast.traveller)

    client.post(URL, {"language": "", "emergency_contact_name": "", "emergency_contact_phone": ""})

    assert not AuditEvent.objects.filter(action="person.profile_updated").exists()
    assert "Nothing changed." in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("name", "phone", "field", "message"),
    [
        ("Wang Fang", "call the office", "emergency_contact_phone", "such as +86 10 1234 5678"),
        ("Wang Fang", "", "emergency_contact_phone", "Give a phone number for this person."),
        ("", "+86 10 1234 5678", "emergency_contact_name", "Name the person to call"),
    ],
)
def test_a_bad_contact_is_refused_at_its_field_keeping_the_input(
    client: Client, cast: Cast, name: str, phone: str, field: str, message: str
) -> None:
    client.force_login(cast.traveller)

    response = client.post(
        URL,
        {"language": "zh-hans", "emergency_contact_name": name, "emergency_contact_phone": phone},
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in content
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in content
    assert message in content
    if name:
        assert f'value="{name}"' in content
    if phone:
        assert f'value="{phone}"' in content
    assert '<option value="zh-hans" selected>' in content
    assert Person.objects.get(user=cast.traveller).language == ""


def test_an_unknown_language_is_refused(client: Client, cast: Cast) -> None:
    client.force_login(cast.traveller)

    response = client.post(URL, {**CONTACT, "language": "klingon"})

    assert response.status_code == 422
    assert 'id="id_language_error"' in response.content.decode()


def test_an_account_without_a_profile_sees_the_page_but_has_nothing_to_change(
    client: Client, db: None
) -> None:
    admin = User.objects.create_superuser("root", email="root@example.test", password="x")
    client.force_login(admin)

    page = client.get(URL)
    assert page.status_code == 200
    assert "<dd>Administrator</dd>" in page.content.decode()
    assert 'name="emergency_contact_name"' not in page.content.decode()
    assert client.post(URL, CONTACT).status_code == 403
