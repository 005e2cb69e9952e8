"""The retention report: what was purged when, by kind and organisation (counts only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sojourn.people.access import reads_everything
from sojourn.people.sections import may_open
from sojourn.retention.models import Purge
from sojourn.retention.periods import defaults

REPORT_SIZE = 200


@never_cache
@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Officers see their organisation's purges and the deployment's; oversight and auditors all."""
    if not may_open(request.user, "retention-report"):
        raise Http404
    purges = Purge.objects.visible_to(request.user).select_related("organisation")
    context = {
        "purges": list(purges[:REPORT_SIZE]),
        "periods": defaults(),
        "everyone": reads_everything(request.user),
    }
    return render(request, "retention/report.html", context)
