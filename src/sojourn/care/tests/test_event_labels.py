"""Escalations are care's, yet their events show in a trip's history: care gives trips the words
for them at start-up, so trips needs no import of care."""

from django.utils import translation

from sojourn.care.models import EscalationKind
from sojourn.trips.labels import code_label


def test_every_escalation_event_has_its_words():
    with translation.override("en"):
        for kind in EscalationKind:
            assert code_label(f"escalation.{kind.value}", "event") == str(kind.label)
        assert code_label("escalation.resolved", "event") == "Escalation resolved"


def test_the_words_follow_the_reader_language():
    with translation.override("zh-hans"):
        assert code_label("escalation.resolved", "event") != "Escalation resolved"


def test_an_event_of_the_audit_log_shows_in_its_words_not_its_code():
    """An admin's read of a trip stands in its history: it reads as the audit page words it."""
    with translation.override("en"):
        assert code_label("admin.read", "event") == "Read in the admin"
    with translation.override("zh-hans"):
        assert code_label("admin.read", "event") not in {"admin.read", "Read in the admin"}
