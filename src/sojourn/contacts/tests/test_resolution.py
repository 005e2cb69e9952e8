"""Officers confirm or reject suggestions in their register, oversight across registers; merges
and splits are audited and can be undone; a rejected pair is never suggested again."""

from __future__ import annotations

import pytest

from sojourn.audit.models import AuditEvent
from sojourn.contacts import resolution
from sojourn.contacts.errors import ContactError, NotAllowed
from sojourn.contacts.identifiers import email
from sojourn.contacts.models import Contact, Merge, Sighting, Suggestion, SuggestionStatus
from sojourn.contacts.tests.conftest import Sight


@pytest.fixture
def pair(cast, sight: Sight) -> Suggestion:
    sight(cast.traveller, "Zhang Wei", identifiers=(email("zw@example.org"),))
    sight(cast.colleague, "Wei Zhang")
    return Suggestion.objects.get()


def test_confirming_merges_and_undoing_restores(cast, pair: Suggestion, now) -> None:
    kept, merged = pair.contact, pair.candidate

    resolution.confirm(pair, actor=cast.officer, now=now)

    merged.refresh_from_db()
    assert merged.merged_into_id == kept.pk
    assert Sighting.objects.filter(contact=kept).count() == 2
    done = Merge.objects.get()
    event = AuditEvent.objects.get(action="contact.merged")
    assert event.data == {"contact_id": merged.pk, "into_id": kept.pk, "moved": done.moved}
    assert "Zhang" not in str(event.data)

    resolution.undo(done, actor=cast.officer, now=now)

    merged.refresh_from_db()
    assert merged.merged_into_id is None
    assert Sighting.objects.filter(contact=merged).count() == 1
    assert [a.name for a in kept.aliases.all()] == ["Zhang Wei"]
    assert AuditEvent.objects.filter(action="contact.merge_undone").count() == 1
    with pytest.raises(ContactError):
        resolution.undo(done, actor=cast.officer, now=now)


def test_only_the_registers_officers_resolve_it(cast, pair: Suggestion, now) -> None:
    for outsider in (cast.other_officer, cast.oversight, cast.traveller):
        with pytest.raises(NotAllowed):
            resolution.confirm(pair, actor=outsider, now=now)
    assert Suggestion.objects.get().status == SuggestionStatus.OPEN


def test_a_rejected_pair_is_never_suggested_again(
    cast, pair: Suggestion, sight: Sight, now
) -> None:
    resolution.reject(pair, actor=cast.officer, now=now)
    # The first contact is seen again (by its e-mail) under a new name, matched again: the
    # other contact is a candidate once more, but the pair was rejected.
    sight(cast.colleague, "W. Zhang", identifiers=(email("zw@example.org"),))

    assert pair.contact.aliases.count() == 2
    assert list(Suggestion.objects.values_list("status", flat=True)) == ["rejected"]
    with pytest.raises(ContactError):
        resolution.confirm(pair, actor=cast.officer, now=now)


def test_oversight_confirms_across_registers_into_a_cluster(
    cast, sight: Sight, robo_traveller, now
) -> None:
    sight(cast.traveller, "Zhang Wei")
    sight(robo_traveller, "ZHANG, Wei")
    suggestion = Suggestion.objects.get()
    with pytest.raises(NotAllowed):
        resolution.confirm(suggestion, actor=cast.officer, now=now)

    resolution.confirm(suggestion, actor=cast.oversight, now=now)

    ours, theirs = Contact.objects.filter(kind="person").order_by("pk")
    assert ours.cluster_id is not None
    assert ours.cluster_id == theirs.cluster_id
    assert ours.merged_into_id is None
    assert theirs.merged_into_id is None


def test_a_split_moves_chosen_sightings_and_undoing_it_moves_them_back(
    cast, sight: Sight, now
) -> None:
    mail = (email("zw@example.org"),)
    first = sight(cast.traveller, "Zhang Wei", identifiers=mail)
    second = sight(cast.colleague, "Zhang Wei", identifiers=mail)
    contact = first.contact

    done = resolution.split(contact, sighting_ids=[second.pk], actor=cast.officer, now=now)

    second.refresh_from_db()
    assert second.contact_id == done.contact_id != contact.pk
    assert AuditEvent.objects.filter(action="contact.split").count() == 1

    resolution.undo(done, actor=cast.officer, now=now)

    second.refresh_from_db()
    assert second.contact_id == contact.pk
    assert Contact.objects.get(pk=done.contact_id).merged_into_id == contact.pk
    with pytest.raises(ContactError):
        resolution.split(contact, sighting_ids=[first.pk, second.pk], actor=cast.officer, now=now)
