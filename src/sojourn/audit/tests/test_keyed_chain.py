"""The chain is keyed: an HMAC with a key held outside the database (SOJOURN_AUDIT_KEYS), so
whoever can write the database but does not hold the key cannot rewrite the trail unseen; keys
rotate, and a trail begun before keys still verifies."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from sojourn.audit.models import AuditEvent
from sojourn.audit.sealing import KEYED
from sojourn.audit.services import verify_chain
from sojourn.audit.tests import tampering
from sojourn.testing import builders

OLD = ("k1", "an-old-secret-of-at-least-thirty-two-chars")
NEW = ("k2", "a-new-secret-of-at-least-thirty-two-chars!")


@pytest.fixture
def trail(cast, now):
    """A few events: a trip submitted and approved."""
    builders.approved(cast.traveller, now, reviewers=[cast.officer])
    assert AuditEvent.objects.count() >= 3


def test_every_event_names_the_key_that_sealed_it(trail, settings):
    key_id = settings.SOJOURN_AUDIT_KEYS[0][0]

    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {key_id}
    assert verify_chain().ok


def test_a_chain_rewritten_without_the_key_fails(trail):
    """GIVEN a forger who edits event #2 and seals it and every later event again, under the
    trail's key id but with a key of their own THEN verify names event #2."""
    key_id = AuditEvent.objects.get(seq=2).key_id
    tampering.reseal_from(2, key_id=key_id, key=b"guessed" * 8, data={"forged": True})

    report = verify_chain()

    assert (report.first_bad_seq, report.problem) == (
        2,
        "event #2 was altered after it was written",
    )


def test_a_chain_rewritten_as_unkeyed_fails(trail):
    """GIVEN a forger who rewrites the whole trail as if written before keys (plain SHA-256)
    THEN verify refuses a trail with no keyed event."""
    tampering.reseal_from(1, key_id="", key=None, data={"forged": True})

    report = verify_chain()

    assert not report.ok
    assert "no event is keyed" in report.problem


def test_a_rotated_key_verifies_old_and_new_events(cast, now, settings):
    first = AuditEvent.objects.count() + 1  # after the cast's accounts and people
    cast_keys = list(settings.SOJOURN_AUDIT_KEYS)
    settings.SOJOURN_AUDIT_KEYS = [OLD, *cast_keys]
    builders.submitted(cast.traveller, now)
    settings.SOJOURN_AUDIT_KEYS = [NEW, OLD, *cast_keys]
    builders.submitted(cast.colleague, now)

    assert {e.key_id for e in AuditEvent.objects.filter(seq__gte=first)} == {"k1", "k2"}
    assert verify_chain().ok
    settings.SOJOURN_AUDIT_KEYS = [NEW, *cast_keys]
    report = verify_chain()
    assert report.first_bad_seq == first
    assert "key 'k1'" in report.problem


def test_a_trail_begun_before_keys_verifies_once_closed(trail):
    """GIVEN events written before keys (unkeyed) WHEN the migration closes them with a keyed
    `audit.keyed` event THEN the trail verifies; unkeyed events after it would not."""
    tampering.reseal_from(1, key_id="", key=None)
    assert not verify_chain().ok
    legacy = AuditEvent.objects.count()

    migration = importlib.import_module("sojourn.audit.migrations.0007_close_the_unkeyed_prefix")
    migration.close_prefix(apps, connection.schema_editor())

    marker = AuditEvent.objects.order_by("-seq").first()
    assert marker is not None
    assert (marker.seq, marker.action, marker.data) == (
        legacy + 1,
        KEYED,
        {"unkeyed_events": legacy},
    )
    assert verify_chain().ok
    tampering.reseal_from(marker.seq, key_id="", key=None)
    assert not verify_chain().ok


def test_production_refuses_to_run_without_a_key(settings):
    from sojourn.audit.checks import audit_keys

    settings.PRODUCTION, settings.SOJOURN_AUDIT_KEYS = True, []
    assert [message.id for message in audit_keys()] == ["sojourn.E010"]
    settings.SOJOURN_AUDIT_KEYS = [NEW]
    assert audit_keys() == []


def test_the_embedded_default_generates_one_key_and_keeps_it(tmp_path):
    from sojourn.conf.env import get_audit_keys

    first = get_audit_keys("K", production=False, key_file=tmp_path / "audit_key", environ={})
    again = get_audit_keys("K", production=False, key_file=tmp_path / "audit_key", environ={})

    assert first == again
    assert first[0][0] == "local"
    assert (tmp_path / "audit_key").stat().st_mode & 0o077 == 0
    assert get_audit_keys("K", production=True, key_file=tmp_path / "x", environ={}) == []


def test_keys_are_read_newest_first_and_a_bad_one_names_its_variable(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from sojourn.conf.env import get_audit_keys

    environ = {"SOJOURN_AUDIT_KEYS": f"{NEW[0]}:{NEW[1]},{OLD[0]}:{OLD[1]}"}
    keys = get_audit_keys("SOJOURN_AUDIT_KEYS", production=True, key_file=tmp_path, environ=environ)
    assert keys == [NEW, OLD]
    with pytest.raises(ImproperlyConfigured, match="SOJOURN_AUDIT_KEYS must be ID:SECRET"):
        get_audit_keys(
            "SOJOURN_AUDIT_KEYS",
            production=True,
            key_file=tmp_path,
            environ={"SOJOURN_AUDIT_KEYS": "k1:short"},
        )
