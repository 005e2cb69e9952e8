"""What the officers' and oversight's review pages show of the register: a suggestion's pair
side by side, a contact's short card, and the services' refusals worded for the reader.

The pages themselves are `review_views` (suggestions) and `merge_views` (merges, splits and
their undoing); this module only reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sojourn.contacts.errors import ContactError
from sojourn.contacts.models import Contact, Sighting, Suggestion, SuggestionStatus
from sojourn.people.access import AnyUser, role_of
from sojourn.people.models import Role
from sojourn.policy import country_name


@dataclass(frozen=True)
class Card:
    """A contact as a review page shows it: never its notes nor what was said of it."""

    contact: Contact
    affiliation: str
    country: str
    sightings: int


@dataclass(frozen=True)
class Pair:
    suggestion: Suggestion
    left: Card
    right: Card
    reasons: list[str]


def contact_url(contact_id: int) -> str:
    """The contact's page (the register's faces serve it); the suggestions queue without one."""
    try:
        return reverse("contact-detail", args=[contact_id])
    except NoReverseMatch:
        return reverse("contact-suggestions")


def reason_words(code: str) -> str:
    words = {
        "name": _("The names are alike once order, titles, initials and scripts are set aside."),
        "other_country": _("Different countries: the score was lowered."),
        "same_affiliation": _("The same affiliation: the score was raised."),
        "other_affiliation": _("Different affiliations: the score was lowered."),
    }
    return words.get(code, code)


def refusal_words(error: ContactError) -> str:
    """A service's refusal in the reader's language (its code; the English message else)."""
    words = {
        "not_allowed": _("Only the register's officers may resolve it."),
        "already_decided": _("This suggestion has already been decided."),
        "not_mergeable": _("Only two different contacts of one register can be merged."),
        "already_merged": _("One of these contacts has already been merged into another."),
        "bad_split": _("Choose some of the contact's sightings to split off, not all of them."),
        "already_undone": _("This has already been undone."),
    }
    return words.get(error.code, str(error))


def counts(contact_ids: Iterable[int]) -> dict[int, int]:
    """How many sightings each of these contacts has."""
    rows = (
        Sighting.objects.filter(contact_id__in=list(contact_ids))
        .values("contact_id")
        .annotate(n=Count("id"))
        .values_list("contact_id", "n")
    )
    return dict(rows)


def card(contact: Contact, sightings: dict[int, int]) -> Card:
    language = get_language() or "en"
    return Card(
        contact=contact,
        affiliation=contact.affiliation.name if contact.affiliation else "",
        country=country_name(contact.country, language) if contact.country else "",
        sightings=sightings.get(contact.pk, 0),
    )


def queue(user: AnyUser) -> QuerySet[Suggestion]:
    """The open suggestions the person reviews: an officer their register's, oversight and the
    auditor those across registers (no organisation); both contacts still current."""
    found = Suggestion.objects.visible_to(user).filter(
        status=SuggestionStatus.OPEN,
        contact__merged_into__isnull=True,
        candidate__merged_into__isnull=True,
    )
    if role_of(user) != Role.OFFICER:
        found = found.filter(organisation__isnull=True)
    return found.select_related("contact__affiliation", "candidate__affiliation")


def pairs(suggestions: Iterable[Suggestion]) -> list[Pair]:
    listed = list(suggestions)
    seen = counts(c for s in listed for c in (s.contact_id, s.candidate_id))
    return [
        Pair(
            suggestion=s,
            left=card(s.contact, seen),
            right=card(s.candidate, seen),
            reasons=[reason_words(code) for code in s.reasons],
        )
        for s in listed
    ]
