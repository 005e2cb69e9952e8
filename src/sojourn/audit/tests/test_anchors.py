"""The worker publishes the chain's head outside the database on a schedule, and `sojourn audit
verify` checks the trail against every published anchor: deleting the newest events shows."""

from __future__ import annotations

import datetime
import socket
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sojourn.audit.anchors import publish_due
from sojourn.audit.models import AuditEvent
from sojourn.audit.services import chain_head
from sojourn.audit.tests import tampering
from sojourn.care.worker import run_pass
from sojourn.testing import builders

MINUTE = datetime.timedelta(minutes=1)


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


@pytest.fixture
def trail(cast, now):
    builders.approved(cast.traveller, now, reviewers=[cast.officer])


def test_the_worker_publishes_the_head_on_its_schedule(trail, now, settings):
    """GIVEN an hourly schedule WHEN the worker passes now, 30 minutes later and an hour later
    THEN the head was published twice, each line `TIME HASH:COUNT`."""
    settings.SOJOURN_AUDIT_ANCHOR_MINUTES = 60
    first = str(chain_head())

    assert run_pass(now).counts["audit_anchor"] == 1
    assert publish_due(now + 30 * MINUTE) == 0
    assert publish_due(now + 60 * MINUTE) == 1

    lines = settings.SOJOURN_AUDIT_ANCHOR_FILE.read_text().splitlines()
    assert lines[0] == f"{now.isoformat()} {first}"
    assert len(lines) == 2
    assert settings.SOJOURN_AUDIT_ANCHOR_FILE.stat().st_mode & 0o077 == 0
    assert "2 published anchors hold" in verify()


def test_deleting_the_newest_events_is_caught_by_a_published_anchor(trail, now, settings):
    """GIVEN a published head WHEN the newest events are deleted by SQL (and the head row set
    back to match) THEN the chain still links up, but verify names the truncation."""
    publish_due(now)
    published = chain_head().seq
    for event in AuditEvent.objects.filter(seq__gt=published - 2):
        tampering.delete_event(event.pk)
    from sojourn.audit.models import AuditChainHead

    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    AuditChainHead.objects.filter(id=1).update(seq=last.seq, last_hash=last.hash)

    with pytest.raises(CommandError, match=rf"says #{published} but the trail ends at #{last.seq}"):
        verify()


def test_a_second_anchor_file_still_catches_a_truncation_when_the_first_is_rewritten(
    trail, now, settings, tmp_path
):
    """GIVEN anchors published to the anchor file and to a copy on another mount WHEN someone
    deletes the newest events and empties the first file THEN verify names the truncation from
    the copy."""
    settings.SOJOURN_AUDIT_ANCHOR_COPY = tmp_path / "elsewhere" / "anchors.log"
    publish_due(now)
    published = chain_head().seq
    assert settings.SOJOURN_AUDIT_ANCHOR_COPY.read_text().strip().endswith(f":{published}")
    tampering.delete_event(AuditEvent.objects.get(seq=published).pk)
    from sojourn.audit.models import AuditChainHead

    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    AuditChainHead.objects.filter(id=1).update(seq=last.seq, last_hash=last.hash)
    settings.SOJOURN_AUDIT_ANCHOR_FILE.write_text("")

    with pytest.raises(CommandError, match=rf"anchors\.log\): the anchor .* says #{published}"):
        verify()


def test_the_head_also_goes_to_syslog(trail, now, settings):
    collector = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    collector.bind(("127.0.0.1", 0))
    collector.settimeout(10)
    settings.SOJOURN_AUDIT_ANCHOR_SYSLOG = f"127.0.0.1:{collector.getsockname()[1]}"
    try:
        publish_due(now)
        message = collector.recv(4096).decode()
    finally:
        collector.close()

    assert f"sojourn audit anchor {now.isoformat()} {chain_head()}" in message
