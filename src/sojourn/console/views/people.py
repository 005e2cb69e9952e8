"""People: the travellers an officer looks after (oversight and auditors: all) and their record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sojourn.console.forms import PeopleFilterForm
from sojourn.console.selectors import people
from sojourn.console.views.common import (
    READERS,
    actor,
    is_htmx,
    language,
    query_without,
    role_refusal,
    section_refusal,
)
from sojourn.people.access import reads_everything
from sojourn.people.today import today_of
from sojourn.retention import holds


@never_cache
@login_required
@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    if refusal := section_refusal(request, "console:people"):
        return refusal
    form = PeopleFilterForm(request.GET)
    form.is_valid()  # a value that does not parse is dropped from the filters, never an error
    everyone = reads_everything(request.user)
    filters = people.PeopleFilters(
        search=form.cleaned_data.get("q") or "",
        organisation=form.cleaned_data.get("organisation") if everyone else None,
    )
    found = people.people(actor(request), filters, request.GET.get("cursor"), timezone.now())
    context = {
        "people": found,
        "form": form,
        "everyone": everyone,
        "query": query_without(request.GET, "cursor"),
    }
    # htmx asks for the results alone as the search is typed; the search box keeps its focus.
    template = "console/includes/people_results.html" if is_htmx(request) else "console/people.html"
    return render(request, template, context)


@never_cache
@login_required
@require_GET
def person_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    person = people.person_for(request.user, user_id)
    if refusal := role_refusal(request, READERS):
        return refusal
    today = today_of(person.organisation, timezone.now())
    record = people.person_record(
        actor(request), person, request.GET.get("page"), today, language()
    )
    context = {
        "record": record,
        "person": person,
        "today": today,
        "query": query_without(request.GET, "page"),
        "show_organisation": reads_everything(request.user),
        "holds_panel": holds.panel(actor(request), person=person.user),
    }
    return render(request, "console/person.html", context)
