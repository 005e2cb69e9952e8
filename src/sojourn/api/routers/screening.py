"""Screening: the restricted-party lists with their snapshots' provenance, and the hits screening
found, each with the dismissal that holds for it.

Who reads what, as on the web: the lists are oversight's and the auditors' (the oversight desk's
list snapshots); an officer judges hits, which carry their list, entry and snapshot date, and
does not read the lists (403), nor does a traveller. Hits: an officer's organisation's,
oversight's and auditors' every one; travellers 403. Only an officer of the hit's organisation
dismisses it, with a reason (`sojourn.screening.dismissing.dismiss`, audited); oversight and
auditors see it but may not (403).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.pagination import Page, paginate
from sojourn.api.schemas.problem import COMMON, READ_ONE, WRITE, Problem
from sojourn.api.schemas.screening import (
    DismissalIn,
    ScreeningHit,
    ScreeningHitFilters,
    ScreeningList,
    ScreeningListFilters,
)
from sojourn.api.schemas.trip_fields import MAX_ID
from sojourn.people.access import organisation_id_of, role_of
from sojourn.people.models import Role
from sojourn.screening.dismissing import dismiss
from sojourn.screening.models import Dismissal, Hit, ListSnapshot
from sojourn.screening.models import ScreeningList as ScreeningListModel

router = Router()
HitId = Annotated[int, Path(ge=1, le=MAX_ID, description="The screening hit's id.")]
ListId = Annotated[str, Path(max_length=80, description="The list's id, such as `fictional`.")]

LIST_READERS = frozenset({Role.OVERSIGHT, Role.AUDITOR})
HIT_READERS = frozenset({Role.OFFICER, Role.OVERSIGHT, Role.AUDITOR})
REFUSED_READ = {**COMMON, 403: Problem}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


# Lists --------------------------------------------------------------------------------------


def _lists(user: User) -> QuerySet[ScreeningListModel]:
    if role_of(user) not in LIST_READERS:
        raise ApiError(403, _("Screening lists are for oversight and auditors."))
    snapshots = ListSnapshot.objects.select_related("imported_by").order_by("-as_of", "-id")
    return ScreeningListModel.objects.prefetch_related(Prefetch("snapshots", queryset=snapshots))


@router.get(
    "/lists",
    response={200: Page[ScreeningList], **REFUSED_READ},
    operation_id="list_screening_lists",
    summary="Screening lists",
    description="Every restricted-party list by its id, each with its snapshots, newest first, "
    "and their provenance (source file, format, as-of date, row count, SHA-256, who imported "
    "it). Oversight and auditors; anyone else 403. Example: a list `fictional` with a snapshot "
    "`as_of` 2026-03-01 of 5 rows.",
    openapi_extra=answers("One page of lists; `next` is the `cursor` of the following page."),
)
def list_screening_lists(
    request: HttpRequest, filters: Query[ScreeningListFilters]
) -> dict[str, Any]:
    page = paginate(_lists(_user(request)), filters, order=["list_id"])
    page["items"] = [ScreeningList.of(found) for found in page["items"]]
    return page


@router.get(
    "/lists/{list_id}",
    response={200: ScreeningList, **READ_ONE, 403: Problem},
    operation_id="get_screening_list",
    summary="A screening list",
    description="The list with its snapshots, newest first. Oversight and auditors; anyone "
    "else 403.",
    openapi_extra=answers("The list and its snapshots."),
)
def get_screening_list(request: HttpRequest, list_id: ListId) -> ScreeningList:
    found = _lists(_user(request)).filter(list_id=list_id).first()
    if found is None:
        raise ApiError(404, _("There is nothing here, or you may not see it."))
    return ScreeningList.of(found)


# Hits ---------------------------------------------------------------------------------------


def _hits(user: User) -> QuerySet[Hit]:
    role = role_of(user)
    if role not in HIT_READERS:
        raise ApiError(403, _("Screening hits are for security officers, oversight and auditors."))
    found = Hit.objects.all()
    if role == Role.OFFICER:
        found = found.filter(organisation_id=organisation_id_of(user) or 0)
    return found


def hits_out(hits: Iterable[Hit] | QuerySet[Hit]) -> list[ScreeningHit]:
    """The hits as the API answers them, each with the dismissal that holds for it."""
    if isinstance(hits, QuerySet):
        hits = hits.select_related("organisation", "entry__snapshot__screening_list")
    rows = list(hits)
    held = _dismissals(rows)
    return [ScreeningHit.of(hit, held.get(hit.pk)) for hit in rows]


def _dismissals(hits: list[Hit]) -> dict[int, Dismissal]:
    """Each hit's dismissal: one of its organisation for its entry, unchanged, and its subject
    (sealed, so compared here rather than by the database)."""
    if not hits:
        return {}
    candidates = Dismissal.objects.filter(
        organisation_id__in={hit.organisation_id for hit in hits},
        entry_id__in={hit.entry.entry_id for hit in hits},
    ).select_related("dismissed_by")
    by_key = {
        (d.organisation_id, d.screening_list_id, d.entry_id, d.fingerprint, d.subject): d
        for d in candidates.order_by("dismissed_at", "id")
    }
    held = {}
    for hit in hits:
        entry = hit.entry
        key = (
            hit.organisation_id,
            entry.snapshot.screening_list_id,
            entry.entry_id,
            entry.fingerprint,
            hit.subject,
        )
        if key in by_key:
            held[hit.pk] = by_key[key]
    return held


def _filtered(user: User, filters: ScreeningHitFilters) -> QuerySet[Hit]:
    found = _hits(user)
    if filters.list_id:
        found = found.filter(entry__snapshot__screening_list__list_id=filters.list_id)
    if filters.source:
        found = found.filter(source=filters.source)
    if filters.organisation:
        found = found.filter(organisation__slug=filters.organisation)
    for name in ("trip_id", "invitation_id", "contact_id"):
        wanted = getattr(filters, name)
        if wanted is not None:
            found = found.filter(**{name: wanted})
    return found


@router.get(
    "/hits",
    response={200: Page[ScreeningHit], **REFUSED_READ},
    operation_id="list_screening_hits",
    summary="Screening hits",
    description="The hits screening found, the latest first, each with its list, entry, the "
    "alias that matched, the score, the snapshot's date and any dismissal that holds for it. "
    "Officers: their organisation's; oversight and auditors: every one; travellers 403. "
    "Example: `GET /api/v1/screening/hits?source=contact&list_id=fictional`.",
    openapi_extra=answers("One page of hits; `next` is the `cursor` of the following page."),
)
def list_screening_hits(
    request: HttpRequest, filters: Query[ScreeningHitFilters]
) -> dict[str, Any]:
    page = paginate(_filtered(_user(request), filters), filters, order=["-found_at", "-id"])
    page["items"] = hits_out(page["items"])
    return page


def _one(user: User, hit_id: int) -> Hit:
    found = (
        _hits(user)
        .select_related("organisation", "entry__snapshot__screening_list")
        .filter(pk=hit_id)
        .first()
    )
    if found is None:
        raise ApiError(404, _("There is nothing here, or you may not see it."))
    return found


@router.get(
    "/hits/{int:hit_id}",
    response={200: ScreeningHit, **READ_ONE, 403: Problem},
    operation_id="get_screening_hit",
    summary="A screening hit",
    description="A hit of the caller's scope; another organisation's is a 404 to an officer. "
    "Travellers 403.",
    openapi_extra=answers("The hit, with the dismissal that holds for it, if any."),
)
def get_screening_hit(request: HttpRequest, hit_id: HitId) -> ScreeningHit:
    [shown] = hits_out([_one(_user(request), hit_id)])
    return shown


@router.post(
    "/hits/{int:hit_id}/dismissal",
    response={201: ScreeningHit, **WRITE},
    operation_id="dismiss_screening_hit",
    summary="Dismiss a hit as a false positive",
    description="A security officer of the hit's organisation judges it a false positive, "
    "with a `reason`: it then holds for the list entry, while unchanged in later snapshots, and "
    "the name or contact that matched it, and screening leaves the pair out. A hit already "
    "dismissed for its entry is a 409; oversight and auditors 403. Audited (ids only). "
    'Example body: `{"reason": "Another person: born in 1990."}`.',
    openapi_extra=answers("The hit, with its dismissal.", 201),
)
def dismiss_screening_hit(
    request: HttpRequest, hit_id: HitId, payload: DismissalIn
) -> Status[ScreeningHit]:
    user = _user(request)
    hit = _one(user, hit_id)
    dismiss(hit=hit, actor=user, reason=payload.reason, now=timezone.now())
    [shown] = hits_out([_one(user, hit_id)])
    return Status(201, shown)
