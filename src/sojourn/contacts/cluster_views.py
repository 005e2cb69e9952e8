"""Oversight's (and the auditor's) cross-organisation clusters: one person or organisation seen
by travellers of several organisations, the most seen first, each with its member contacts."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sojourn.contacts import clusters
from sojourn.contacts.models import Contact
from sojourn.contacts.review_pages import contact_url
from sojourn.contacts.review_views import actor
from sojourn.people.sections import may_open

PER_PAGE = 20


@dataclass(frozen=True)
class Member:
    contact: Contact
    url: str


@dataclass(frozen=True)
class ClusterRow:
    seen: clusters.ClusterSeen
    members: list[Member]


def _rows(seen: list[clusters.ClusterSeen]) -> list[ClusterRow]:
    members: dict[int, list[Member]] = {}
    found = Contact.objects.current().filter(cluster_id__in=[s.cluster_id for s in seen])
    for contact in found.select_related("organisation").order_by("organisation__name", "pk"):
        assert contact.cluster_id is not None
        members.setdefault(contact.cluster_id, []).append(Member(contact, contact_url(contact.pk)))
    return [ClusterRow(s, members.get(s.cluster_id, [])) for s in seen]


@never_cache
@login_required
@require_GET
def cross_organisation(request: HttpRequest) -> HttpResponse:
    if not may_open(request.user, "contact-cross-clusters"):
        raise Http404
    page = Paginator(clusters.cross_organisation(actor(request)), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "resolution/cross_clusters.html", {"page": page, "rows": _rows(list(page))}
    )
