"""people.services.update_profile: only the person themselves, each field checked by name."""

from __future__ import annotations

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.conftest import NOW, Cast
from sojourn.people.models import Person
from sojourn.people.services import InvalidField, NotPermitted, update_profile


def change(cast: Cast, **fields: str):
    values = {
        "language": "",
        "emergency_contact_name": "",
        "emergency_contact_phone": "",
        **fields,
    }
    person = Person.objects.get(user=cast.traveller)
    return update_profile(person, actor=cast.traveller, now=NOW, **values)


def test_nobody_else_changes_a_profile(cast: Cast) -> None:
    person = Person.objects.get(user=cast.traveller)

    with pytest.raises(NotPermitted):
        update_profile(
            person,
            actor=cast.officer,
            language="zh-hans",
            emergency_contact_name="",
            emergency_contact_phone="",
            now=NOW,
        )
    assert Person.objects.get(user=cast.traveller).language == ""


def test_spaces_are_tidied_and_only_changes_are_audited(cast: Cast) -> None:
    person = change(
        cast, emergency_contact_name="  Wang   Fang ", emergency_contact_phone=" +86  10 1234 5678"
    )

    assert (person.emergency_contact_name, person.emergency_contact_phone) == (
        "Wang Fang",
        "+86 10 1234 5678",
    )
    event = AuditEvent.objects.get(action="person.profile_updated")
    assert event.at == NOW
    assert event.data == {"fields": ["emergency_contact_name", "emergency_contact_phone"]}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"language": "fr"}, "language"),
        (
            {"emergency_contact_name": "x" * 201, "emergency_contact_phone": "12345"},
            "emergency_contact_name",
        ),
        (
            {"emergency_contact_name": "A", "emergency_contact_phone": "1" * 51},
            "emergency_contact_phone",
        ),
        (
            {"emergency_contact_name": "A", "emergency_contact_phone": "12-3"},
            "emergency_contact_phone",
        ),
        (
            {"emergency_contact_name": "A", "emergency_contact_phone": "+86 abc 5678"},
            "emergency_contact_phone",
        ),
    ],
)
def test_each_problem_names_its_field(cast: Cast, fields: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidField) as refused:
        change(cast, **fields)

    assert refused.value.field == field
    assert not AuditEvent.objects.filter(action="person.profile_updated").exists()
