"""Recording and deciding invitations."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sojourn.facekit.keyset import Key, keyset
from sojourn.facekit.refusals import status_of
from sojourn.people.access import role_of
from sojourn.people.models import Role
from sojourn.people.sections import may_open
from sojourn.people.today import today_for
from sojourn.policy import country_name
from sojourn.trips import invitations
from sojourn.trips.errors import (
    InvalidInput,
    InvitationDecided,
    LifecycleError,
)
from sojourn.trips.forms.invitations import DeclineForm, InvitationForm
from sojourn.trips.funding_wording import funded_row
from sojourn.trips.models import (
    Invitation,
    InvitationDecision,
    Trip,
)
from sojourn.trips.views.common import (
    INVITATION_ORDER,
    INVITATIONS_PER_PAGE,
    Preview,
    _may_report,
    _not_a_reporter,
    _reason,
    _refused,
    _user,
)

# Invitations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    country: str


def _country(code: str) -> str:
    return country_name(code, get_language() or "en")


def _invitation_key(invitation: Invitation) -> tuple[Key, ...]:
    return (invitation.sort_pending, invitation.starts_on, invitation.pk)


@never_cache
@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    if not may_open(request.user, "invitation-list"):
        raise Http404
    found = Invitation.objects.visible_to(request.user).select_related("invitee")
    page = keyset(
        found,
        order=INVITATION_ORDER,
        key=_invitation_key,
        kinds=(int, datetime.date, int),
        cursor=request.GET.get("cursor"),
        size=INVITATIONS_PER_PAGE,
    )
    context = {
        "page": page,
        "rows": [InvitationRow(item, _country(item.country)) for item in page],
        "may_record": _may_report(request.user),
        "show_invitee": role_of(request.user) != Role.TRAVELLER,
    }
    return render(request, "trips/invitation_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def invitation_new(request: HttpRequest) -> HttpResponse:
    if not _may_report(request.user):
        return _not_a_reporter(request)
    if request.method != "POST":
        form = InvitationForm(initial={"received_on": today_for(request.user, timezone.now())})
        return render(request, "trips/invitation_form.html", {"form": form})
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitations.record(
                actor=_user(request), data=form.invitation_input(), now=timezone.now()
            )
        except InvalidInput as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(request, _("Invitation recorded. Decide it before you reply."))
            return redirect("invitation-detail", invitation.pk)
    return render(request, "trips/invitation_form.html", {"form": form}, status=422)


def _invitation_page(
    request: HttpRequest,
    invitation: Invitation,
    *,
    decline_form: DeclineForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    decides = invitation.invitee_id == request.user.pk and _may_report(request.user)
    context = {
        "invitation": invitation,
        "country": _country(invitation.country),
        "funding": [funded_row(row) for row in invitation.funding],
        "decides": decides and invitation.decision == InvitationDecision.PENDING,
        "decline_form": decline_form or DeclineForm(),
        "trips": Trip.objects.visible_to(request.user).filter(invitation=invitation),
        "problem": problem,
        "preview": Preview(invitation.pre_assessment, show_necessity=False),
    }
    return render(request, "trips/invitation_detail.html", context, status=status)


def _visible_invitation(request: HttpRequest, invitation_id: int) -> Invitation:
    query = Invitation.objects.select_related("invitee", "organisation")
    return query.get_for(request.user, pk=invitation_id)


@never_cache
@login_required
def invitation_detail(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _invitation_page(request, _visible_invitation(request, invitation_id))


def _decide(
    request: HttpRequest,
    invitation_id: int,
    decide: Callable[[Invitation], HttpResponse],
    form: DeclineForm | None = None,
) -> HttpResponse:
    invitation = _visible_invitation(request, invitation_id)
    if invitation.invitee_id != request.user.pk:
        return _refused(request, _("Only the person invited decides an invitation."), status=403)
    if form is not None and not form.is_valid():
        return _invitation_page(request, invitation, decline_form=form, status=422)
    try:
        return decide(invitation)
    except InvalidInput as error:
        if form is not None:
            for name, message in error.errors.items():
                form.add_error(name if name in form.fields else None, message)
        return _invitation_page(request, invitation, decline_form=form, status=422)
    except InvitationDecided as decided:
        invitation.refresh_from_db()
        return _invitation_page(request, invitation, problem=decided.message, status=409)
    except LifecycleError as error:
        return _invitation_page(
            request, invitation, decline_form=form, problem=_reason(error), status=status_of(error)
        )


@never_cache
@login_required
@require_POST
def invitation_decline(request: HttpRequest, invitation_id: int) -> HttpResponse:
    form = DeclineForm(request.POST)

    def decline(invitation: Invitation) -> HttpResponse:
        invitations.decline(
            invitation,
            actor=_user(request),
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
        )
        messages.success(request, _("Invitation declined."))
        return redirect("invitation-detail", invitation.pk)

    return _decide(request, invitation_id, decline, form)


@never_cache
@login_required
@require_POST
def invitation_accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    def accept(invitation: Invitation) -> HttpResponse:
        trip = invitations.accept(invitation, actor=_user(request), now=timezone.now())
        messages.success(
            request,
            _("Invitation accepted. A draft trip is open: complete it, then submit it."),
        )
        return redirect("trip-edit", trip.pk)

    return _decide(request, invitation_id, accept)
