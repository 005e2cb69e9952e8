"""What the screening pages read: an officer's hits (their organisation's, deny by default), a
hit's subject as a page names it, and the lists' snapshots with their provenance."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from sojourn.people.access import AnyUser, organisation_id_of, reads_everything, role_of
from sojourn.people.models import Role
from sojourn.screening.models import Hit, HitSource, ListSnapshot, ScreeningList
from sojourn.screening.screen import undismissed


def visible_hits(user: AnyUser) -> QuerySet[Hit]:
    """A security officer's organisation's hits; oversight and auditors read every one (as the
    API answers them); travellers none."""
    found = Hit.objects.select_related(
        "organisation", "entry__snapshot__screening_list", "trip", "invitation"
    )
    if reads_everything(user):
        return found
    organisation_id = organisation_id_of(user)
    if role_of(user) != Role.OFFICER or organisation_id is None:
        return Hit.objects.none()
    return found.filter(organisation_id=organisation_id)


def open_hits(user: AnyUser) -> list[Hit]:
    """The hits the person sees that no officer dismissed, the newest found first."""
    return undismissed(visible_hits(user).order_by("-found_at", "-id"))


@dataclass(frozen=True)
class Subject:
    """Where the screened name was: a trip (a planned meeting or a meeting held), an
    invitation (its host or inviter) or a contact, with the route of its page."""

    kind: str
    url: str
    title: str


def contact_address(contact_id: int) -> str:
    return _url("contact-detail", contact_id)


def _url(route: str, pk: int) -> str:
    try:
        return reverse(route, args=[pk])
    except NoReverseMatch:  # a page not served here: the subject is named, not linked
        return ""


def subject_of(hit: Hit) -> Subject | None:
    if hit.trip is not None:
        return Subject("trip", _url("trip-detail", hit.trip.pk), hit.trip.title)
    if hit.invitation is not None:
        url = _url("invitation-detail", hit.invitation.pk)
        return Subject("invitation", url, hit.invitation.event)
    if hit.contact_id is not None and hit.source == HitSource.CONTACT:
        return Subject("contact", _url("contact-detail", hit.contact_id), hit.name)
    return None


@dataclass(frozen=True)
class ListHistory:
    screening_list: ScreeningList
    snapshots: list[ListSnapshot]


def lists() -> list[ListHistory]:
    """Every list with its snapshots, the newest first (by as-of date, then import)."""
    snapshots = ListSnapshot.objects.select_related("imported_by").order_by("-as_of", "-id")
    by_list: dict[int, list[ListSnapshot]] = {}
    for snapshot in snapshots:
        by_list.setdefault(snapshot.screening_list_id, []).append(snapshot)
    return [
        ListHistory(screening_list, by_list.get(screening_list.pk, []))
        for screening_list in ScreeningList.objects.order_by("list_id")
    ]
