"""Key rotation: the worker re-seals every value under the newest key, and audits the counts;
then the old key can be dropped and every value still opens."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from sojourn.audit.models import AuditEvent
from sojourn.care.models import Escalation
from sojourn.care.services import check_in
from sojourn.debriefs.models import Debrief, Incident
from sojourn.notify.models import Notification
from sojourn.testing import builders
from sojourn.vault import census
from sojourn.vault.checks import keys_cover_every_value
from sojourn.vault.keys import new_key, parse
from sojourn.vault.rekey import rekey
from sojourn.vault.seal import SealError

OLD, NEW = new_key(), new_key()


@pytest.fixture
def debrief(cast, now, settings):
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"old:{OLD}")
    trip = builders.debriefed(
        cast.traveller, now, reviewers=[cast.officer], summary="Toured the robotics lab"
    )
    Incident.objects.create(
        debrief=trip.debrief, kind="questioning", description="Asked about our models"
    )
    return trip.debrief


def _key_ids(table: str, column: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")
        return {value.split(":")[1] for (value,) in cursor.fetchall()}


def test_rekey_reseals_under_the_new_key_and_the_old_one_can_go(debrief, settings, now):
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"new:{NEW},old:{OLD}")
    assert census.stale()["debriefs.incident.description"] == 1

    count = rekey(now, lambda: False, chunk=1)

    assert count >= 2  # the summary and the incident, at least
    assert _key_ids("debriefs_debrief", "summary") == {"new"}
    assert _key_ids("debriefs_incident", "description") == {"new"}
    assert not any(census.stale().values())
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"new:{NEW}")
    assert Debrief.objects.get(pk=debrief.pk).summary == "Toured the robotics lab"
    assert Incident.objects.get().description == "Asked about our models"


def test_rekey_is_audited_by_counts_and_names_no_text(debrief, settings, now):
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"new:{NEW},old:{OLD}")
    rekey(now, lambda: False)
    events = AuditEvent.objects.filter(action="vault.rekeyed")
    by_table = {event.data["values"] for event in events if event.object_id}
    assert {event.object_type for event in events} == {"contenttypes.contenttype"}
    assert by_table
    assert all(count >= 1 for count in by_table)
    assert "robotics" not in str([event.data for event in events])


def test_rekey_does_nothing_while_one_key_is_listed(debrief, now):
    assert rekey(now, lambda: False) == 0
    assert not AuditEvent.objects.filter(action="vault.rekeyed").exists()


def test_a_value_under_a_dropped_key_names_the_setting(debrief, settings):
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"new:{NEW}")
    with pytest.raises(SealError, match=r"key 'old', which SOJOURN_ENCRYPTION_KEYS does not hold"):
        Debrief.objects.get(pk=debrief.pk)
    [problem, *_] = keys_cover_every_value()
    assert problem.id == "sojourn.E021"
    assert "SOJOURN_ENCRYPTION_KEYS" in problem.msg


def test_a_wrong_key_under_a_known_id_is_found_by_the_check(debrief, settings):
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"old:{NEW}")
    assert {problem.id for problem in keys_cover_every_value()} == {"sojourn.E021"}


def test_the_check_passes_when_every_value_opens(debrief):
    assert keys_cover_every_value() == []


def test_the_command_reports_and_rekeys(debrief, settings, capsys):
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"new:{NEW},old:{OLD}")
    call_command("vault", "status")
    assert "debriefs.debrief.summary: 1 under an older key, 0 unopenable" in capsys.readouterr().out
    call_command("vault", "rekey")
    call_command("vault", "status")
    assert "older keys can be dropped" in capsys.readouterr().out


def test_rekey_reseals_the_outbox_and_the_escalations_too(cast, now, settings, capsys):
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"old:{OLD}")
    trip = builders.under_way(cast.traveller, now, reviewers=[cast.officer])
    assert trip.starts_on is not None
    check_in(
        trip,
        actor=cast.traveller,
        status="need_help",
        now=builders.at(trip.starts_on, 12),
        country="DE",
        city="Kreuzberg-Nord",
        note="Held at the hotel desk",
    )
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"new:{NEW},old:{OLD}")
    call_command("vault", "status")
    status = capsys.readouterr().out
    for place in ("notify.notification.body", "notify.notification.params", "care.escalation.data"):
        assert f"{place}: 0 under" not in status
        assert place in status

    rekey(now, lambda: False, chunk=2)

    assert _key_ids("notify_notification", "body") == {"new"}
    assert _key_ids("notify_notification", "params") == {"new"}
    assert _key_ids("care_escalation", "data") == {"new"}
    settings.SOJOURN_ENCRYPTION_KEYS = parse(f"new:{NEW}")
    alert = Notification.objects.get(
        kind="escalation.need_help", channel="in_app", recipient=cast.officer
    )
    assert alert.params is not None
    assert alert.params["city"] == "Kreuzberg-Nord"
    assert "Held at the hotel desk" in alert.body
    assert Escalation.objects.get(trip=trip).data["country"] == "DE"
