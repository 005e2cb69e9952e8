"""The dashboard and the policy pages: the versions issued, one version, and a new version checked,
previewed and issued."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sojourn.directives import selectors, services, whatif
from sojourn.directives.forms import (
    PolicyForm,
)
from sojourn.directives.models import PolicyVersion
from sojourn.directives.views.viewer import int_or_none, may_act, oversight, reader, section
from sojourn.security.reauth import recent_authentication_required
from sojourn.trips.errors import InvalidInput

POLICIES_PER_PAGE = 50
WHATIF_ROWS_SHOWN = 200


@never_cache
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = section(request, "oversight-dashboard")
    data = selectors.dashboard(user, timezone.now(), translation.get_language() or "en")
    return render(request, "oversight/dashboard.html", {"board": data})


@never_cache
@login_required
@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    user = section(request, "policy-list")
    versions = selectors.policy_versions(timezone.now())
    page = Paginator(versions, POLICIES_PER_PAGE).get_page(request.GET.get("page"))
    following = selectors.organisations_by_pack()
    rows = [(version, following.get(version.pack_id, [])) for version in page]
    return render(
        request,
        "directives/policy_list.html",
        {"page": page, "rows": rows, "may_act": may_act(user)},
    )


@never_cache
@login_required
@require_GET
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    version = get_object_or_404(PolicyVersion.objects.select_related("issued_by"), pk=pk)
    following = selectors.organisations_by_pack().get(version.pack_id, [])
    return render(
        request,
        "directives/policy_detail.html",
        {"version": version, "following": following, "may_act": may_act(user)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def policy_new(request: HttpRequest) -> HttpResponse:
    """GET: the form (optionally starting from a stored version). POST: check the text; if it
    loads, preview what it would change. Nothing is written until the preview is confirmed."""
    oversight(request)
    if request.method == "GET":
        start = PolicyVersion.objects.filter(pk=int_or_none(request.GET.get("from")) or 0).first()
        form = PolicyForm(initial={"source": start.source if start else ""})
        return _policy_page(request, form)
    form = PolicyForm(request.POST, request.FILES)
    if not form.is_valid() or form.pack is None:
        return _policy_page(request, form, status=422)
    now = timezone.now()  # the one place this page reads the clock
    report = whatif.whatif(form.pack, now=now)
    return _policy_page(
        request,
        form,
        preview=report,
        lines=selectors.whatif_lines(report.rows[:WHATIF_ROWS_SHOWN]),
        following=selectors.organisations_by_pack().get(form.pack.id, []),
    )


@never_cache
@login_required
@require_POST
@recent_authentication_required
def policy_issue(request: HttpRequest) -> HttpResponse:
    """Issue the previewed text as a directive, then follow its re-assessment run."""
    user = oversight(request)
    form = PolicyForm(request.POST)
    if not form.is_valid() or form.pack is None:
        return _policy_page(request, form, status=422)
    try:
        directive, run = services.issue_policy_version(
            actor=user,
            source=form.cleaned_data["source"],
            note=form.cleaned_data["note"],
            now=timezone.now(),
        )
    except InvalidInput as refused:
        form.refuse(refused.errors)
        return _policy_page(request, form, status=422)
    assert directive.policy_version is not None
    messages.success(
        request,
        _("Policy %(ref)s issued as directive #%(id)s; its trips are being re-assessed.")
        % {"ref": directive.policy_version.ref, "id": directive.pk},
    )
    return redirect("run-detail", pk=run.pk)


def _policy_page(
    request: HttpRequest, form: PolicyForm, *, status: int = 200, **context: Any
) -> HttpResponse:
    return render(request, "directives/policy_new.html", {"form": form, **context}, status=status)
