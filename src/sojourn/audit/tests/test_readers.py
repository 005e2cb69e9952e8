"""The audit trail cannot ask for a role (it sits below people): the rule people registers at
start-up says who reads it, and without one nobody does."""

import datetime

import pytest
from django.contrib.auth.models import User

from sojourn.audit import readers
from sojourn.audit import services as audit
from sojourn.audit.models import AuditEvent
from sojourn.people.models import Organisation, Person, Role
from sojourn.people.sections import reads_audit_log

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


def _person(username: str, role: Role) -> User:
    organisation, _ = Organisation.objects.get_or_create(slug="lab", defaults={"name": "Lab"})
    user = User.objects.create_user(username)
    Person.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.mark.django_db
def test_people_registers_its_rule_at_start_up():
    assert readers._rule is reads_audit_log


@pytest.mark.django_db
def test_auditors_read_the_trail_and_officers_do_not():
    audit.record(actor=None, action="test.event", obj=None, at=NOW, data={})
    auditor = _person("auditor", Role.AUDITOR)
    officer = _person("officer", Role.OFFICER)
    assert AuditEvent.objects.visible_to(auditor).filter(action="test.event").count() == 1
    assert AuditEvent.objects.visible_to(officer).count() == 0


@pytest.mark.django_db
def test_without_a_rule_nobody_reads_the_trail(monkeypatch):
    audit.record(actor=None, action="test.event", obj=None, at=NOW, data={})
    monkeypatch.setattr(readers, "_rule", readers._nobody)
    assert AuditEvent.objects.visible_to(_person("auditor", Role.AUDITOR)).count() == 0
