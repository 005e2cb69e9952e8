"""An officer's register sorted by risk (`screening.risk` defines and documents the order)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sojourn.people.access import person_of
from sojourn.people.sections import may_open
from sojourn.screening.hit_pages import contact_address
from sojourn.screening.risk import by_risk

PER_PAGE = 25


@never_cache
@login_required
@require_GET
def register_by_risk(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is None or not may_open(request.user, "contact-clusters"):
        raise Http404
    risks = by_risk(person.organisation, now=timezone.now())
    page = Paginator(risks, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(risk, contact_address(risk.contact.pk)) for risk in page]
    return render(request, "screening/register_by_risk.html", {"page": page, "rows": rows})
