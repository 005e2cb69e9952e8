"""`sojourn createuser`: a login, its profile, and its organisation when that is new."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from sojourn.audit.models import AuditEvent
from sojourn.audit.services import verify_chain
from sojourn.people.models import Organisation, Person

STRONG = "amber-otter-sails-north-41"


def createuser(*args: str, stdin: str | None = None) -> str:
    out = StringIO()
    extra = {} if stdin is None else {"stdin": StringIO(stdin)}
    call_command("createuser", *args, stdout=out, **extra)
    return out.getvalue()


@pytest.fixture
def lab(db):
    return Organisation.objects.create(name="Zhiyuan AI Lab", slug="lab", sectors=["ai"])


def test_it_creates_the_organisation_and_the_person(db):
    """
    GIVEN an empty database
    WHEN an officer is created in an organisation that does not exist yet
    THEN both are created as asked and the command says exactly that
    """
    output = createuser(
        "alice",
        "--role", "officer",
        "--org", "lab",
        "--org-name", "Zhiyuan AI Lab",
        "--org-sector", "ai",
        "--org-sector", "robotics",
        "--position", "staff",
        "--sector", "ai",
        "--email", "alice@example.test",
        "--first-name", "Alice",
        "--last-name", "Li",
    )  # fmt: skip

    assert output.splitlines() == [
        "Created organisation lab (sectors: ai, robotics)",
        "Created officer alice in lab",
        "alice has no password yet: set one with `sojourn changepassword alice`.",
    ]
    organisation = Organisation.objects.get(slug="lab")
    assert organisation.name == "Zhiyuan AI Lab"
    assert organisation.sectors == ["ai", "robotics"]
    assert (organisation.home_country, organisation.time_zone) == ("CN", "Asia/Shanghai")
    person = Person.objects.select_related("user").get(user__username="alice")
    assert person.organisation == organisation
    assert (person.role, person.position, person.sectors) == ("officer", "staff", ["ai"])
    user = person.user
    assert (user.email, user.first_name, user.last_name) == ("alice@example.test", "Alice", "Li")
    assert not user.has_usable_password()
    assert not user.is_staff
    assert not user.is_superuser


def test_it_reuses_an_existing_organisation_and_leaves_it_as_it_is(lab):
    """
    GIVEN an organisation `lab` in the AI sector
    WHEN a researcher is created in it with other organisation sectors and name
    THEN the person joins it, the organisation is unchanged, and the command says so
    """
    output = createuser(
        "bob", "--role", "traveller", "--org", "lab", "--position", "researcher",
        "--org-sector", "robotics", "--org-name", "Another name",
    )  # fmt: skip

    assert "Created organisation" not in output
    assert "Organisation lab exists with sectors: ai; left as it is" in output
    assert "--org-sector robotics ignored" in output
    assert "--org-name ignored" in output
    assert "Created traveller bob in lab" in output
    lab.refresh_from_db()
    assert (lab.name, lab.sectors) == ("Zhiyuan AI Lab", ["ai"])
    assert Organisation.objects.count() == 1
    assert Person.objects.get(user__username="bob").organisation == lab


def test_an_existing_organisation_with_the_same_sectors_is_reused_quietly(lab):
    output = createuser("bob", "--role", "traveller", "--org", "lab", "--org-sector", "ai")

    assert "exists" not in output
    assert "Created traveller bob in lab" in output


@pytest.mark.parametrize(
    ("args", "option", "detail"),
    [
        (["--role", "pilot", "--org", "new"], "--role", "'pilot' is not a role"),
        (["--role", "traveller", "--org", "new", "--position", "ceo"], "--position", "'ceo'"),
        (["--role", "traveller"], "--org", "required"),
        (["--org", "new"], "--role", "required"),
        (["--role", "traveller", "--org", "Not a slug"], "--org", "is not a slug"),
        (["--role", "traveller", "--org", "new", "--sector", "banking"], "--sector", "banking"),
        (["--role", "traveller", "--org", "new", "--org-sector", "space"], "--org-sector", "space"),
        (["--role", "traveller", "--org", "new", "--email", "nobody"], "--email", "'nobody'"),
    ],
)
def test_a_bad_option_is_refused_by_name_and_nothing_is_created(db, args, option, detail):
    with pytest.raises(CommandError) as refused:
        createuser("alice", *args)

    assert option in str(refused.value)
    assert detail in str(refused.value)
    # The organisation is not left behind when the person is refused.
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("username", ["alice", "Alice"])
def test_a_taken_username_is_refused(lab, username):
    createuser("alice", "--role", "traveller", "--org", "lab")

    with pytest.raises(CommandError, match=r"USERNAME: '\w+' is taken"):
        createuser(username, "--role", "officer", "--org", "lab")

    assert User.objects.count() == 1


def test_password_stdin_sets_a_usable_password(lab):
    output = createuser(
        "alice", "--role", "traveller", "--org", "lab", "--password-stdin", stdin=STRONG + "\n"
    )

    user = User.objects.get(username="alice")
    assert user.has_usable_password()
    assert user.check_password(STRONG)
    assert "no password yet" not in output


def test_password_stdin_reads_only_the_first_line(lab):
    createuser(
        "alice", "--role", "traveller", "--org", "lab", "--password-stdin",
        stdin=f"{STRONG}\nsecond-line-is-ignored\n",
    )  # fmt: skip

    assert User.objects.get(username="alice").check_password(STRONG)


def test_a_weak_password_is_refused_with_the_validators_message(lab):
    with pytest.raises(CommandError) as refused:
        createuser(
            "alice", "--role", "traveller", "--org", "lab", "--password-stdin", stdin="password\n"
        )

    message = str(refused.value)
    assert message.startswith("--password-stdin:")
    assert "This password is too short. It must contain at least 12 characters." in message
    assert "This password is too common." in message
    assert not User.objects.exists()


def test_an_empty_stdin_is_refused(lab):
    with pytest.raises(CommandError, match="--password-stdin: standard input held no password"):
        createuser("alice", "--role", "traveller", "--org", "lab", "--password-stdin", stdin="")


def test_an_admin_is_superuser_and_staff(lab):
    createuser("root", "--role", "admin", "--org", "lab")

    user = User.objects.get(username="root")
    assert user.is_superuser
    assert user.is_staff


def test_it_writes_audit_events(db):
    createuser("alice", "--role", "officer", "--org", "lab", "--org-sector", "ai")

    person = Person.objects.get(user__username="alice")
    organisation_event, account_event, person_event = AuditEvent.objects.order_by("seq")
    assert organisation_event.action == "organisation.created"
    assert organisation_event.object_id == str(person.organisation_id)
    assert organisation_event.data == {"slug": "lab", "name": "lab", "sectors": ["ai"]}
    assert account_event.action == "account.created"
    assert (account_event.object_type, account_event.object_id) == (
        "auth.user",
        str(person.user_id),
    )
    assert account_event.data == {"fields": []}
    assert account_event.digest
    assert person_event.action == "person.created"
    assert (person_event.object_type, person_event.object_id) == ("people.person", str(person.pk))
    assert person_event.actor_label == "system"
    assert person_event.data == {
        "username": "alice",
        "role": "officer",
        "organisation": "lab",
        "position": "staff",
        "sectors": [],
        "usable_password": False,
    }
    assert verify_chain().ok


@pytest.mark.parametrize(("given", "stored"), [((), ""), (("--language", "zh-hans"), "zh-hans")])
def test_a_language_is_chosen_or_left_to_the_browser(lab, given, stored):
    createuser("bo", "--role", "traveller", "--org", "lab", *given)

    assert Person.objects.get(user__username="bo").language == stored


def test_an_unknown_language_is_refused(lab):
    with pytest.raises(CommandError, match="--language"):
        createuser("bo", "--role", "traveller", "--org", "lab", "--language", "fr")
