"""A directive's re-assessment run: its progress, polled while it lasts, and running it now."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sojourn.directives import reassess, selectors
from sojourn.directives.models import ReassessmentRun, RunStatus
from sojourn.directives.views.viewer import may_act, oversight, reader
from sojourn.trips.errors import LifecycleError

log = logging.getLogger(__name__)

CHANGES_PER_PAGE = 100


@never_cache
@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress. While it is pending or running, the progress panel polls
    `run_progress` (htmx, every 2 s); a finished run's panel carries no trigger, so it stops."""
    return render(request, "directives/run_detail.html", _run_context(request, pk))


@never_cache
@login_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel alone, which htmx swaps in place of the one on the page."""
    context = {**_run_context(request, pk), "polled": True}
    return render(request, "directives/includes/run_progress.html", context)


def _run_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = reader(request)
    run = get_object_or_404(
        ReassessmentRun.objects.select_related("directive__issued_by", "directive__policy_version"),
        pk=pk,
    )
    changes = Paginator(selectors.run_changes(run), CHANGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "run": run,
        "changes": changes,
        "active": run.status in (RunStatus.PENDING, RunStatus.RUNNING),
        "may_act": may_act(user),
    }


@never_cache
@login_required
@require_POST
def run_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Carry the run to its end inside this request. Fine for the few hundred trips of a
    small authority; bigger runs are the worker's (`sojourn worker`, or `sojourn reassess`)."""
    oversight(request)
    run = get_object_or_404(ReassessmentRun, pk=pk)
    if run.status == RunStatus.DONE:
        messages.info(request, _("This run has already finished."))
        return redirect("run-detail", pk=run.pk)
    try:
        run = reassess.resume(run, now=timezone.now())
    except LifecycleError as error:
        log.exception("Re-assessment run %s failed", pk)
        messages.error(request, _("The run stopped: %(error)s") % {"error": error.message})
        return redirect("run-detail", pk=pk)
    if run.status == RunStatus.DONE:
        messages.success(
            request,
            _("Run finished: %(processed)s trips re-assessed, %(changed)s made stricter.")
            % {"processed": run.processed, "changed": run.changed},
        )
    else:
        messages.info(request, _("Another process is carrying this run; its progress is below."))
    return redirect("run-detail", pk=run.pk)
