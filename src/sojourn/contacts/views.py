"""The register's pages: the list (an organisation's register, every register, or a traveller's
own contacts) and a contact's page, each read of which is audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sojourn.contacts import page_parts
from sojourn.contacts.contact_page import page_for
from sojourn.contacts.forms import RegisterFilterForm
from sojourn.contacts.models import Contact, ContactReport
from sojourn.contacts.reads import record_contact_read
from sojourn.contacts.register_lists import RegisterFilters, own_contacts, own_lines, register
from sojourn.people.access import reads_everything, role_of
from sojourn.people.models import Role
from sojourn.people.sections import may_open
from sojourn.policy import country_name

PAGE_SIZE = 25


def viewer(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here is behind login_required
    return request.user


def query_without(params: QueryDict, *names: str) -> str:
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def filters_of(request: HttpRequest) -> tuple[RegisterFilterForm, RegisterFilters]:
    form = RegisterFilterForm(request.GET)
    form.is_valid()  # a value that does not parse is dropped from the filters, never an error
    data = form.cleaned_data
    filters = RegisterFilters(
        search=data.get("q") or "",
        kind=data.get("kind") or "",
        country=data.get("country") or "",
        flagged=bool(data.get("flagged")),
        order=data.get("order") or "last_seen",
    )
    return form, filters


def country(code: str) -> str:
    return country_name(code, get_language() or "en") if code else ""


@never_cache
@login_required
@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    if not may_open(user, "contact-list"):
        raise Http404
    if role_of(user) == Role.TRAVELLER:
        return _my_contacts(request, user)
    form, filters = filters_of(request)
    page = Paginator(register(user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    flags = page_parts.flags_of(Contact.objects.filter(pk__in=[c.pk for c in page]))
    context = {
        "page": page,
        "rows": [(c, country(c.country), flags.get(c.pk, [])) for c in page],
        "form": form,
        "everyone": reads_everything(user),
        "query": query_without(request.GET, "page"),
        "export_query": query_without(request.GET, "page"),
    }
    return render(request, "contacts/register.html", context)


def _my_contacts(request: HttpRequest, user: User) -> HttpResponse:
    page = Paginator(own_contacts(user), PAGE_SIZE).get_page(request.GET.get("page"))
    reports = ContactReport.objects.visible_to(user).order_by("-occurred_on", "-pk")
    reports_page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("reports_page"))
    context = {
        "page": page,
        "lines": own_lines(user, list(page)),
        "reports": reports_page,
        "query": query_without(request.GET, "page"),
        "reports_query": query_without(request.GET, "reports_page"),
    }
    return render(request, "contacts/my_contacts.html", context)


@never_cache
@login_required
@require_GET
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = viewer(request)
    found = Contact.objects.select_related("affiliation", "organisation", "merged_into")
    contact = found.get_for(user, pk=contact_id)
    record_contact_read(contact, actor=user, at=timezone.now(), through="web")
    context = {
        "page": page_for(contact, user),
        "country": country(contact.country),
        "everyone": reads_everything(user),
    }
    return render(request, "contacts/contact_detail.html", context)
