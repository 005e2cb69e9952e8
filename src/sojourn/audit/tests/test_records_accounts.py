"""Accounts and roles are audited records: a privilege, a password hash or a role set by SQL is
named by `sojourn audit verify --records`, while every way Sojourn and Django write an account
(making a person, signing in, changing a password, the admin) vouches for what it wrote."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.audit.record_check import verify_records
from sojourn.conftest import PASSWORD, Cast
from sojourn.people.models import Person
from sojourn.web.tests.test_it_password_revokes import CHANGE


def sql(statement: str, params: list[str | int | bool]) -> None:
    """What someone with the database's own tools does, past Sojourn."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_people_made_through_sojourn_verify(cast: Cast) -> None:
    report = verify_records()

    assert report.ok, (report.changed, report.deleted, report.inserted)
    assert report.unvouched == 0
    vouched = set(AuditEvent.objects.exclude(digest="").values_list("object_type", flat=True))
    assert {"auth.user", "people.person"} <= vouched


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("is_superuser", True),
        ("is_staff", True),
        ("is_active", False),
        ("password", "md5$forged$0123"),
        ("email", "attacker@example.test"),
    ],
)
def test_an_account_field_set_by_sql_is_named(cast: Cast, column: str, value: str | bool) -> None:
    sql(f"UPDATE auth_user SET {column} = %s WHERE id = %s", [value, cast.traveller.pk])

    assert verify_records().changed == [f"auth.user:{cast.traveller.pk}"]


def test_a_permission_granted_by_sql_is_named(cast: Cast) -> None:
    group = Group.objects.create(name="helpdesk")
    sql(
        "INSERT INTO auth_user_groups (user_id, group_id) VALUES (%s, %s)",
        [cast.traveller.pk, group.pk],
    )

    assert verify_records().changed == [f"auth.user:{cast.traveller.pk}"]


def test_a_role_set_by_sql_is_named(cast: Cast) -> None:
    person = Person.objects.get(user=cast.traveller)
    sql("UPDATE people_person SET role = %s WHERE id = %s", ["oversight", person.pk])

    assert verify_records().changed == [f"people.person:{person.pk}"]


def test_an_account_and_profile_inserted_by_sql_are_named(cast: Cast) -> None:
    """GIVEN an account and its profile (in oversight) inserted by SQL THEN both are named as
    having no audited write, even after the account signs in (a sign-in vouches for nothing)."""
    sql(
        "INSERT INTO auth_user (username, password, is_superuser, is_staff, is_active, first_name,"
        " last_name, email, date_joined) VALUES (%s, %s, %s, %s, %s, '', '', '', %s)",
        ["mole", make_password(PASSWORD), False, False, True, "2026-01-01 00:00:00"],
    )
    mole = User.objects.get(username="mole")
    sql(
        "INSERT INTO people_person (user_id, organisation_id, role, position, sectors,"
        " emergency_contact_name, emergency_contact_phone, language, browser_language)"
        " VALUES (%s, %s, 'oversight', 'staff', '[]', '', '', '', '')",
        [mole.pk, cast.lab.pk],
    )
    assert Client().post("/login/", {"username": "mole", "password": PASSWORD}).status_code == 302

    person = Person.objects.get(user=mole)
    assert sorted(verify_records().inserted) == [
        f"auth.user:{mole.pk}",
        f"people.person:{person.pk}",
    ]


def test_a_sign_in_does_not_vouch_for_a_privilege_set_by_sql(cast: Cast) -> None:
    sql("UPDATE auth_user SET is_superuser = %s WHERE id = %s", [True, cast.traveller.pk])

    signed_in = Client().post("/login/", {"username": "traveller", "password": PASSWORD})

    assert signed_in.status_code == 302
    assert verify_records().changed == [f"auth.user:{cast.traveller.pk}"]


def test_signing_in_and_changing_the_password_raise_nothing(
    client: Client, cast: Cast, settings
) -> None:
    """GIVEN a password stored with a hasher Sojourn no longer prefers WHEN its owner signs in
    (last_login is written and the hash upgraded) and changes the password on the page THEN
    every account still verifies, and the trail names the changed field, not its value."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    before = cast.traveller.password

    assert (
        client.post("/login/", {"username": "traveller", "password": PASSWORD}).status_code == 302
    )
    cast.traveller.refresh_from_db()
    assert cast.traveller.password != before  # upgraded at sign-in
    assert client.post("/account/password/", {**CHANGE, "revoke": "on"}).status_code == 302

    assert verify_records().ok
    changes = AuditEvent.objects.filter(action="account.changed", object_id=cast.traveller.pk)
    assert [e.data for e in changes] == [{"fields": ["password"]}, {"fields": ["password"]}]
    assert changes.last().actor == cast.traveller  # type: ignore[union-attr]


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root", "root@example.test", "x" * 16)


def test_admin_writes_of_accounts_and_roles_raise_nothing(cast: Cast, superuser: User) -> None:
    """GIVEN a superuser in the admin WHEN they make the traveller staff with a group, change an
    officer's role and delete an account THEN nothing is named: each write vouched for itself."""
    group = Group.objects.create(name="helpdesk")
    admin = Client()
    admin.force_login(superuser)
    user = cast.traveller
    changed = admin.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": "",
            "email": user.email,
            "is_active": "on",
            "is_staff": "on",
            "groups": [group.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]
    person = Person.objects.get(user=cast.officer)
    role = admin.post(
        f"/admin/people/person/{person.pk}/change/",
        {
            "user": cast.officer.pk,
            "organisation": person.organisation_id,
            "role": "traveller",
            "position": person.position,
            "sectors": "[]",
            "language": "",
            "browser_language": "",
        },
    )
    assert role.status_code == 302, role.content.decode()[:2000]
    spare = User.objects.create_user("spare", "spare@example.test", PASSWORD)
    gone = admin.post(f"/admin/auth/user/{spare.pk}/delete/", {"post": "yes"})
    assert gone.status_code == 302

    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.all()) == [group]
    assert Person.objects.get(pk=person.pk).role == "traveller"
    report = verify_records()
    assert report.ok, (report.changed, report.deleted, report.inserted)
