"""The suggestions queue: officers decide their register's pairs, oversight the pairs across
registers; the auditor reads oversight's queue and decides nothing.

Each decision is a POST that works without JavaScript (it redirects back to the queue) and with
htmx (the pair's row is swapped for what became of it). A decided pair leaves the queue.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sojourn.contacts import resolution
from sojourn.contacts.errors import ContactError, NotAllowed
from sojourn.contacts.models import Suggestion
from sojourn.contacts.review_pages import pairs, queue, refusal_words
from sojourn.people.access import organisation_id_of, role_of
from sojourn.people.models import Role
from sojourn.people.sections import may_open

PER_PAGE = 20
PAIR_TEMPLATE = "resolution/includes/pair.html"
Decide = Callable[..., Suggestion]


def actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required lets only a signed-in person through
    return user


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(request, "resolution/refused.html", {"message": message}, status=status)


def decides_queue(user: User) -> bool:
    """Whether the person decides the queue they see (the auditor reads oversight's)."""
    if role_of(user) == Role.OFFICER:
        return resolution.may_resolve(user, organisation_id_of(user))
    return resolution.may_resolve(user, None)


@never_cache
@login_required
@require_GET
def suggestion_list(request: HttpRequest) -> HttpResponse:
    if not may_open(request.user, "contact-suggestions"):
        raise Http404
    page = Paginator(queue(request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "pairs": pairs(page),
        "across": role_of(request.user) != Role.OFFICER,
        "decides": decides_queue(actor(request)),
    }
    return render(request, "resolution/suggestions.html", context)


def _decide(
    request: HttpRequest, suggestion_id: int, decide: Decide, said: Callable[[Suggestion], str]
) -> HttpResponse:
    suggestion = Suggestion.objects.select_related(
        "contact__affiliation", "candidate__affiliation"
    ).get_for(request.user, pk=suggestion_id)
    now: datetime.datetime = timezone.now()
    try:
        decide(suggestion, actor=actor(request), now=now)
    except NotAllowed as error:
        return refused(request, refusal_words(error), status=403)
    except ContactError as error:
        if is_htmx(request):  # htmx swaps a 2xx: the row says why, the queue is reloaded
            return _row(request, suggestion, problem=refusal_words(error))
        return refused(request, refusal_words(error), status=409)
    done = said(suggestion)
    if is_htmx(request):
        return _row(request, suggestion, done=done)
    messages.success(request, done)
    return redirect("contact-suggestions")


def _row(request: HttpRequest, suggestion: Suggestion, **context: str) -> HttpResponse:
    [pair] = pairs([suggestion])
    return render(request, PAIR_TEMPLATE, {"pair": pair, "decides": False, **context})


def _confirmed(suggestion: Suggestion) -> str:
    if suggestion.organisation_id is None:
        return _("Confirmed: the two contacts are now in one cross-organisation cluster.")
    return _("Confirmed: the two contacts are now one.")


@never_cache
@login_required
@require_POST
def suggestion_confirm(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    return _decide(request, suggestion_id, resolution.confirm, _confirmed)


@never_cache
@login_required
@require_POST
def suggestion_reject(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    return _decide(
        request,
        suggestion_id,
        resolution.reject,
        lambda _s: _("Rejected: this pair will not be suggested again."),
    )
