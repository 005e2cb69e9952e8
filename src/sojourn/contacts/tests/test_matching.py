"""Every new sighting is matched as it is recorded: a strong identifier links at once, a
fuzzy name becomes a suggestion, another organisation's holder of an identifier a cluster."""

from __future__ import annotations

from django.db import connection

from sojourn.contacts.identifiers import email, phone
from sojourn.contacts.models import Alias, BlockKey, Contact, Identifier, Suggestion
from sojourn.contacts.tests.conftest import Sight


def test_the_same_email_is_the_same_contact_at_once(cast, sight: Sight) -> None:
    first = sight(cast.traveller, "Lin Mei", identifiers=(email("Lin.Mei@Example.org"),))
    second = sight(cast.colleague, "Mei Lin, PhD", identifiers=(email(" lin.mei@example.org"),))

    assert second.contact_id == first.contact_id
    assert Contact.objects.filter(kind="person").count() == 1
    assert not Suggestion.objects.exists()
    # The new writing of the name became an alias only if it reads differently: here it does not.
    assert Alias.objects.filter(contact_id=first.contact_id).count() == 1


def test_a_phone_written_two_ways_is_one_identifier() -> None:
    assert phone("+86 138 0013 8000") == phone("138-0013-8000", country="CN")
    assert phone("+86 138 0013 8000").value == "+8613800138000"


def test_a_fuzzy_match_in_the_register_is_a_suggestion_for_its_officers(cast, sight: Sight) -> None:
    first = sight(cast.traveller, "Zhang Wei", affiliation="Tsinghua University")
    second = sight(cast.colleague, "Dr. W. Zhang", affiliation="Tsinghua Univ.")
    third = sight(cast.colleague, "Zhang Wen")  # W. Zhang may be him, Zhang Wei is not

    pairs = set(Suggestion.objects.values_list("contact_id", "candidate_id"))
    assert pairs == {
        (first.contact_id, second.contact_id),
        (second.contact_id, third.contact_id),
    }
    suggestion = Suggestion.objects.get(contact_id=first.contact_id)
    assert suggestion.organisation_id == cast.lab.pk
    assert suggestion.score >= 85
    assert "same_affiliation" in suggestion.reasons


def test_another_affiliation_and_country_lower_the_score(cast, sight: Sight) -> None:
    sight(cast.traveller, "Zhang Wei", affiliation="Tsinghua University", country="CN")
    sight(cast.colleague, "Dr. W. Zhang", affiliation="Kyoto University", country="JP")

    assert not Suggestion.objects.exists()


def test_a_match_in_another_register_is_for_oversight(cast, sight: Sight, robo_traveller) -> None:
    sight(cast.traveller, "张伟")
    sight(robo_traveller, "Zhāng Wěi")

    [suggestion] = Suggestion.objects.all()
    assert suggestion.organisation_id is None
    assert suggestion.score == 100


def test_an_identifier_in_another_register_makes_a_cluster(
    cast, sight: Sight, robo_traveller
) -> None:
    ours = sight(cast.traveller, "Chen Jing", identifiers=(email("cj@example.org"),))
    theirs = sight(robo_traveller, "Jing Chen", identifiers=(email("CJ@example.org"),))

    assert ours.contact_id != theirs.contact_id  # each register keeps its own contact
    ours.contact.refresh_from_db()
    theirs.contact.refresh_from_db()
    assert ours.contact.cluster_id is not None
    assert ours.contact.cluster_id == theirs.contact.cluster_id


def test_names_and_identifiers_are_sealed_and_keys_are_fingerprints(cast, sight: Sight) -> None:
    sighting = sight(cast.traveller, "Zhang Wei", identifiers=(email("zw@example.org"),))

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM contacts_contact WHERE id = %s", [sighting.contact_id])
        [(stored_name,)] = cursor.fetchall()
        cursor.execute("SELECT value, fingerprint FROM contacts_identifier")
        [(stored_value, print_)] = cursor.fetchall()
    assert stored_name.startswith("v1:")
    assert "Zhang" not in stored_name
    assert stored_value.startswith("v1:")
    assert "zw@" not in print_
    keys = list(BlockKey.objects.values_list("key", flat=True))
    assert keys
    assert not any("zhan" in key or ":" in key for key in keys)
    assert Identifier.objects.get().value == "zw@example.org"


def test_a_new_name_of_a_known_contact_is_matched_again(cast, sight: Sight) -> None:
    mail = (email("zw@example.org"),)
    first = sight(cast.traveller, "Zhang Wei", identifiers=mail)
    other = sight(cast.colleague, "Li Na")
    assert not Suggestion.objects.exists()

    sight(cast.traveller, "Li Na", identifiers=mail)  # the first contact, under the other's name

    suggestion = Suggestion.objects.get()
    assert (suggestion.contact_id, suggestion.candidate_id) == (first.contact_id, other.contact_id)


def test_a_close_name_at_the_same_affiliation_reaches_the_threshold(cast, sight: Sight) -> None:
    # "Zhang Wai" scores 80 against "Zhang Wei" (a letter in the middle): below 85 alone, at it
    # with the same affiliation's 5 points, so the register must read contacts scoring a
    # little below.
    first = sight(cast.traveller, "Zhang Wei", affiliation="Tsinghua University")
    second = sight(cast.colleague, "Zhang Wai", affiliation="Tsinghua Univ.")

    suggestion = Suggestion.objects.get()
    assert (suggestion.contact_id, suggestion.candidate_id) == (first.contact_id, second.contact_id)
    assert 85 <= suggestion.score < 90
    assert suggestion.reasons == ["name", "same_affiliation"]


def test_a_new_contact_is_suggested_against_the_best_few_not_every_alike_one(
    cast, sight: Sight
) -> None:
    """One counterpart met on many trips and not yet resolved: each new contact is suggested
    against SUGGESTIONS_AT_MOST of the others, the oldest among equals, so the suggestions grow
    with the contacts, not with their pairs."""
    from sojourn.contacts.sightings import SUGGESTIONS_AT_MOST

    seen = [
        sight(cast.traveller, "Wang Fang", affiliation="Tsinghua University").contact_id
        for _ in range(SUGGESTIONS_AT_MOST + 3)
    ]

    last = seen[-1]
    assert set(
        Suggestion.objects.filter(candidate_id=last).values_list("contact_id", flat=True)
    ) == (set(seen[:SUGGESTIONS_AT_MOST]))
    # 0 + 1 + ... + 5, then 5 for each of the last two.
    n = SUGGESTIONS_AT_MOST
    assert Suggestion.objects.count() == n * (n + 1) // 2 + 2 * n


def test_affiliations_are_alike_only_when_their_own_words_are() -> None:
    from sojourn.contacts.matching import affiliations_alike
    from sojourn.names import Kind, parse

    def alike(a: str, b: str) -> bool:
        return affiliations_alike(parse(a, Kind.ORGANISATION), parse(b, Kind.ORGANISATION))

    assert alike("Tsinghua University", "Tsinghua Univ.")
    assert alike("Harbin Institute of Technology", "Harbin Inst. of Tech.")
    assert not alike("Harbin Academy of Sciences", "Haifa Acad. of Sci.")
    assert not alike("Tartu Academy of Sciences", "Turin Academy of Sciences")


def test_a_near_name_at_another_affiliation_is_no_suggestion_but_the_same_name_is(
    cast, sight: Sight
) -> None:
    """People move, so the same name elsewhere is still put to an officer; a near one (a name's
    other form, Martina for Martin) is someone else, here or elsewhere."""
    martin = sight(cast.traveller, "Martin Nowak", affiliation="Kyoto University")
    sight(cast.colleague, "Martina Nowak", affiliation="Uppsala University")
    moved = sight(cast.colleague, "Dr. Martin Nowak", affiliation="Uppsala University")

    pairs = set(Suggestion.objects.values_list("contact_id", "candidate_id"))
    assert pairs == {(martin.contact_id, moved.contact_id)}
