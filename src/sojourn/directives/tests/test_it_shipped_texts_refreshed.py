"""A shipped pack that gained words without a new version number: a database that recorded the
version before gets the new texts (audited), as long as the rules are the same."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import yaml
from django.utils import translation

from sojourn.audit.models import AuditEvent
from sojourn.directives import registry
from sojourn.directives.models import PolicyVersion
from sojourn.web.templatetags.sojourn import pack_title

PACK = "seed-sensitive-tech"


def _english(value: Any) -> Any:
    """The document as it was before it had Chinese: each `{en, zh-hans}` text its English."""
    if isinstance(value, dict):
        if set(value) == {"en", "zh-hans"}:
            return value["en"]
        return {key: _english(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_english(item) for item in value]
    return value


def _recorded_before(change: str = "") -> PolicyVersion:
    """The shipped version as an older Sojourn recorded it: English only (with `change`d rules
    when asked)."""
    source = (registry.PACKS_DIR / f"{PACK}.yaml").read_text()
    english = yaml.safe_dump(_english(yaml.safe_load(source)), sort_keys=False, allow_unicode=True)
    if change:
        assert "risk_weight: 60" in english
        english = english.replace("risk_weight: 60", change, 1)
    PolicyVersion.objects.filter(pack_id=PACK, version=1).update(source=english)
    return PolicyVersion.objects.get(pack_id=PACK, version=1)


def test_new_words_for_the_same_rules_replace_the_recorded_ones(db):
    """GIVEN a database that recorded the seed pack when its texts were English only WHEN the
    shipped packs are registered again THEN the version holds the shipped file, its title reads
    in Chinese, and an audit event (by no one, naming the version) says the texts changed."""
    stored = _recorded_before()
    with translation.override("zh-hans"):
        assert pack_title(stored) == "Travel by people in sensitive technology"

    registry.register_shipped_packs()

    stored.refresh_from_db()
    assert stored.source == (registry.PACKS_DIR / f"{PACK}.yaml").read_text()
    with translation.override("zh-hans"):
        assert pack_title(stored) == "敏感技术领域人员出行"
    (event,) = AuditEvent.objects.filter(action="policy.texts_refreshed")
    assert (event.actor, event.object_type, event.object_id) == (
        None,
        "directives.policyversion",
        str(stored.pk),
    )
    assert event.data == {"policy": f"{PACK}@1"}


def test_registering_again_refreshes_nothing_more(db):
    _recorded_before()
    registry.register_shipped_packs()
    registry.register_shipped_packs()

    assert AuditEvent.objects.filter(action="policy.texts_refreshed").count() == 1


def test_changed_rules_keep_what_was_recorded(db, caplog: pytest.LogCaptureFixture):
    """GIVEN a recorded version whose rules differ from the shipped file's (a risk weight)
    WHEN registered again THEN nothing changes but a warning asking for a new version."""
    stored = _recorded_before(change="risk_weight: 65")

    with caplog.at_level(logging.WARNING, logger="sojourn.directives.registry"):
        registry.register_shipped_packs()

    assert PolicyVersion.objects.get(pk=stored.pk).source == stored.source
    assert not AuditEvent.objects.filter(action="policy.texts_refreshed").exists()
    assert "changed its rules without a new version number" in caplog.text
