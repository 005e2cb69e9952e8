"""`sojourn audit verify` and `sojourn audit head`: what an auditor runs from a shell."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sojourn.audit.models import AuditEvent
from sojourn.audit.services import GENESIS
from sojourn.audit.tests import tampering
from sojourn.testing import builders
from sojourn.trips import services


def run(*args: str) -> str:
    out = StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue().strip()


def test_head_of_an_empty_trail_is_genesis(db):
    assert run("head") == f"{GENESIS}:0"


def test_head_prints_the_latest_hash_and_count(cast, now):
    builders.approved(cast.traveller, now, reviewers=[cast.officer])
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    assert run("head") == f"{last.hash}:{last.seq}"


def test_verify_reports_an_intact_trail(cast, now):
    builders.approved(cast.traveller, now, reviewers=[cast.officer])
    # Every event: the cast's, the trip's and those its planned meeting wrote in the register.
    assert run("verify").startswith(f"audit trail OK: {AuditEvent.objects.count()} events")


def test_verify_fails_naming_the_first_broken_event(cast, now):
    builders.approved(cast.traveller, now, reviewers=[cast.officer])
    target = AuditEvent.objects.get(action="trip.submitted")
    tampering.set_column(target.pk, "actor_label", "someone-else")

    with pytest.raises(CommandError, match=f"BROKEN at event #{target.seq}"):
        run("verify")


def test_an_anchor_still_holds_after_more_events(cast, now):
    """GIVEN a head recorded elsewhere WHEN the trail grows THEN the anchor still verifies."""
    trip = builders.submitted(cast.traveller, now)
    anchor = run("head")
    services.withdraw(trip, actor=cast.traveller, now=now)

    assert run("verify", "--anchor", anchor).endswith(f"anchor {anchor} holds")


def test_a_rewritten_trail_fails_its_anchor(cast, now):
    """GIVEN an anchor WHEN someone rewrites the trail and recomputes every hash after the edit
    THEN the chain verifies on its own, but not against the anchor."""
    builders.approved(cast.traveller, now, reviewers=[cast.officer])
    anchor = run("head")
    # The whole trail replaced by a consistent forgery: a fresh chain with other events.
    for event in AuditEvent.objects.order_by("-seq"):
        tampering.delete_event(event.pk)
    from sojourn.audit.models import AuditChainHead

    AuditChainHead.objects.filter(id=1).update(seq=0, last_hash=GENESIS)
    # Three new events, a valid chain of the same length.
    builders.approved(cast.traveller, now, reviewers=[cast.officer])

    assert run("verify").startswith("audit trail OK")
    with pytest.raises(CommandError, match="does not match the anchor"):
        run("verify", "--anchor", anchor)


@pytest.mark.parametrize("bad", ["nothing", "abc:3", "z" * 64 + ":3", "0" * 64 + ":x"])
def test_a_malformed_anchor_is_refused_with_its_shape(db, bad):
    with pytest.raises(CommandError, match=r"--anchor: .*(HASH:COUNT|hexadecimal)"):
        run("verify", "--anchor", bad)
