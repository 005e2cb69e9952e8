"""people.services: the checks behind `createuser` and the demo, each naming the field."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from sojourn.audit.models import AuditEvent
from sojourn.conftest import NOW, PASSWORD
from sojourn.people.models import Organisation
from sojourn.people.services import InvalidField, create_person, ensure_organisation


def person(organisation: Organisation, **changes: object) -> User:
    fields: dict[str, object] = {
        "username": "alice",
        "role": "traveller",
        "organisation": organisation,
        "position": "researcher",
        "sectors": ["ai"],
        "email": "alice@example.test",
        "password": PASSWORD,
        "now": NOW,
    }
    return create_person(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.fixture
def lab(db):
    organisation, _ = ensure_organisation(slug="lab", name="Lab", sectors=["ai"], now=NOW)
    return organisation


def test_an_existing_organisation_is_returned_unchanged_without_an_event(lab):
    events = AuditEvent.objects.count()

    again, created = ensure_organisation(
        slug="lab", name="Other", sectors=["robotics"], home_country="JP", now=NOW
    )

    assert (again, created) == (lab, False)
    again.refresh_from_db()
    assert (again.name, again.sectors, again.home_country) == ("Lab", ["ai"], "CN")
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "Bad Slug"}, "slug"),
        ({"slug": "x" * 61}, "slug"),
        ({"name": "  "}, "name"),
        ({"sectors": ["space"]}, "sectors"),
        ({"home_country": "China"}, "home_country"),
        ({"home_country": "cn"}, "home_country"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_a_bad_organisation_field_is_named(db, changes, field):
    with pytest.raises(InvalidField) as refused:
        ensure_organisation(**{"slug": "lab", "now": NOW, **changes})

    assert refused.value.field == field
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": ""}, "username"),
        ({"username": "al ice"}, "username"),
        ({"role": "boss"}, "role"),
        ({"position": "ceo"}, "position"),
        ({"sectors": ["banking"]}, "sectors"),
        ({"email": "alice"}, "email"),
        ({"password": "alice-2026"}, "password"),
    ],
)
def test_a_bad_person_field_is_named(lab, changes, field):
    with pytest.raises(InvalidField) as refused:
        person(lab, **changes)

    assert refused.value.field == field
    assert not User.objects.exists()


def test_a_password_like_the_username_is_refused(lab):
    with pytest.raises(InvalidField, match="too similar to the username"):
        person(lab, username="marguerite-lab", password="marguerite-lab1")


def test_sectors_keep_their_order_without_repeats(lab):
    user = person(lab, sectors=["robotics", "ai", "robotics"])

    assert user.person.sectors == ["robotics", "ai"]


def test_no_password_means_an_unusable_one(lab):
    user = person(lab, password=None)

    assert not user.has_usable_password()
    assert user.date_joined == NOW
