"""A traveller reports a contact (with no trip), and the report's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sojourn.audit.services import record_read
from sojourn.contacts.errors import ContactError
from sojourn.contacts.forms import ContactReportForm
from sojourn.contacts.identifiers import InvalidIdentifier
from sojourn.contacts.models import Contact, ContactReport
from sojourn.contacts.reports import file_contact_report
from sojourn.contacts.views import country, viewer
from sojourn.contacts.wording import late_report_words
from sojourn.people.access import person_of
from sojourn.people.sections import may_open
from sojourn.people.today import today_for


def _refused(request: HttpRequest) -> HttpResponse:
    message = _("Only travellers report contacts.")
    return render(request, "trips/refused.html", {"message": message}, status=403)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    if not may_open(user, "contact-report-new") or person_of(user) is None:
        return _refused(request)
    if request.method != "POST":
        form = ContactReportForm(initial={"occurred_on": today_for(user, timezone.now())})
        return render(request, "contacts/report_form.html", {"form": form})
    form = ContactReportForm(request.POST)
    if form.is_valid():
        try:
            report = file_contact_report(form.report_input(), traveller=user, now=timezone.now())
        except InvalidIdentifier as error:
            form.add_identifier_error(error)
        except ContactError as error:
            form.add_service_error(error.code)
        else:
            messages.success(request, _("Contact report filed. Your security officers are told."))
            return redirect("contact-report-detail", report.pk)
    return render(request, "contacts/report_form.html", {"form": form}, status=422)


@never_cache
@login_required
@require_GET
def report_detail(request: HttpRequest, contact_report_id: int) -> HttpResponse:
    user = viewer(request)
    report = ContactReport.objects.select_related("traveller").get_for(user, pk=contact_report_id)
    now = timezone.now()
    record_read(actor=user, obj=report, owner_id=report.traveller_id, what="contact_report", at=now)
    contact_visible = (
        report.contact_id is not None
        and Contact.objects.visible_to(user).filter(pk=report.contact_id).exists()
    )
    context = {
        "report": report,
        "country": country(report.country),
        "late": [late_report_words(finding) for finding in report.findings],
        "contact_visible": contact_visible,
    }
    return render(request, "contacts/report_detail.html", context)
