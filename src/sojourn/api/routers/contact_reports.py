"""Contact reports: a traveller files one at any time, with no trip
(`sojourn.contacts.reports.file_contact_report`, which judges it under the pack and records its
counterpart's sighting); read as trips are (the traveller their own, officers their
organisation's, oversight and auditors all). Reading another person's report is audited."""

from __future__ import annotations

from typing import Annotated, Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sojourn.api.description import answers
from sojourn.api.errors import ApiError
from sojourn.api.pagination import Page, paginate
from sojourn.api.schemas.contact_reports import (
    ContactReport,
    ContactReportFilters,
    ContactReportIn,
    ContactReportSummary,
)
from sojourn.api.schemas.problem import COMMON, READ_ONE, WRITE
from sojourn.api.schemas.trip_fields import MAX_ID
from sojourn.audit import services as audit
from sojourn.contacts.errors import ContactError
from sojourn.contacts.identifiers import InvalidIdentifier
from sojourn.contacts.models import ContactReport as ContactReportModel
from sojourn.contacts.reports import file_contact_report
from sojourn.people.access import person_of, role_of
from sojourn.people.models import Role

router = Router()
ContactReportId = Annotated[int, Path(ge=1, le=MAX_ID, description="The contact report's id.")]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # TokenAuth sets the token's user
    return request.user


def _visible(user: User) -> QuerySet[ContactReportModel]:
    return ContactReportModel.objects.visible_to(user).select_related("traveller", "organisation")


@router.get(
    "",
    response={200: Page[ContactReportSummary], **COMMON},
    operation_id="list_contact_reports",
    summary="Contact reports",
    description="Travellers see their own, officers their organisation's, oversight and "
    "auditors all; the latest contacts first. Example: "
    "`GET /api/v1/contact-reports?late_report=true`.",
    openapi_extra=answers("One page of reports; `next` is the `cursor` of the following page."),
)
def list_contact_reports(
    request: HttpRequest, filters: Query[ContactReportFilters]
) -> dict[str, Any]:
    found = _visible(_user(request))
    if filters.category:
        found = found.filter(category=filters.category)
    if filters.late_report is not None:
        found = found.filter(late_report=filters.late_report)
    if filters.contact_id is not None:
        found = found.filter(contact_id=filters.contact_id)
    if filters.occurred_from is not None:
        found = found.filter(occurred_on__gte=filters.occurred_from)
    if filters.occurred_to is not None:
        found = found.filter(occurred_on__lte=filters.occurred_to)
    page = paginate(found, filters, order=["-occurred_on", "-id"])
    page["items"] = [ContactReportSummary.of(report) for report in page["items"]]
    return page


def _shown(user: User, contact_report_id: int) -> ContactReport:
    found = _visible(user).filter(pk=contact_report_id).first()
    if found is None:
        raise ApiError(404, _("There is nothing here, or you may not see it."))
    audit.record_read(
        actor=user,
        obj=found,
        owner_id=found.traveller_id,
        what="contact_report",
        at=timezone.now(),
        data={"through": "api"},
    )
    return ContactReport.of(found)


def _refused(error: ContactError | InvalidIdentifier) -> ApiError:
    """The service's refusal, worded here and named by the field at fault."""
    if isinstance(error, InvalidIdentifier):
        words = {
            "email": _("Give an e-mail address such as name@example.org."),
            "phone": _("Give a phone number with its country code, such as +86 138 0013 8000."),
            "handle": _("Give a handle as platform:name, such as wechat:meilin88."),
        }
        field, message = error.kind, words[error.kind]
    else:
        field, message = {
            "counterpart_missing": ("counterpart", _("Name the person or organisation.")),
            "in_future": ("occurred_on", _("The date of the contact cannot be after today.")),
        }.get(error.code, ("category", _("Choose a category and a channel from the lists.")))
    return ApiError(422, _("Some fields cannot be accepted."), errors={field: message})


@router.post(
    "",
    response={201: ContactReport, **WRITE},
    operation_id="file_contact_report",
    summary="Report a contact",
    description="Travellers report a contact at any time, with no trip. It is judged under "
    "their organisation's pack (`report_by`; a `late_contact_report` finding when late), "
    "matched to the register as a sighting (`contact_id`), and the officers are told. "
    "Others 403. Example body: "
    '`{"category": "stay_in_touch", "channel": "in_person", "occurred_on": "2026-03-02", '
    '"counterpart": "Mei Lin", "narrative": "Asked to stay in touch.", "country": "SG"}`.',
    openapi_extra=answers("The report as filed.", 201),
)
def file_report(request: HttpRequest, payload: ContactReportIn) -> Status[ContactReport]:
    now = timezone.now()
    user = _user(request)
    if role_of(user) != Role.TRAVELLER or person_of(user) is None:
        raise ApiError(403, _("Only travellers report contacts."))
    try:
        report = file_contact_report(payload.to_input(), traveller=user, now=now)
    except (ContactError, InvalidIdentifier) as error:
        raise _refused(error) from None
    return Status(201, _shown(user, report.pk))


@router.get(
    "/{int:contact_report_id}",
    response={200: ContactReport, **READ_ONE},
    operation_id="get_contact_report",
    summary="A contact report",
    description="The whole report, its narrative and the finding of a late one. A report the "
    "caller may not see is a 404; reading another person's is audited (`contact_report.read`).",
    openapi_extra=answers("The contact report."),
)
def get_contact_report(request: HttpRequest, contact_report_id: ContactReportId) -> ContactReport:
    return _shown(_user(request), contact_report_id)
