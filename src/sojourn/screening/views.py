"""The screening pages: an officer's queue of open hits, a hit's page and its dismissal as a
false positive; oversight's (and the auditor's) lists with their dated snapshots.

The officer's register sorted by risk is here too (`risk_views`): its order counts open hits,
and screening sits above the register in the layers.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sojourn.conf.errors import Conflict, InvalidInput, NotAllowed
from sojourn.contacts.models import Contact
from sojourn.contacts.reads import record_contact_read
from sojourn.facekit.refusals import status_of
from sojourn.people.access import reads_everything
from sojourn.people.sections import may_open
from sojourn.screening.dismissing import dismiss, may_dismiss
from sojourn.screening.forms import DismissForm
from sojourn.screening.hit_pages import lists, open_hits, subject_of, visible_hits
from sojourn.screening.models import Hit
from sojourn.screening.screen import undismissed

PER_PAGE = 25


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required lets only a signed-in person through
    return user


@never_cache
@login_required
@require_GET
def hit_list(request: HttpRequest) -> HttpResponse:
    if not may_open(request.user, "screening-hits"):
        raise Http404
    page = Paginator(open_hits(request.user), PER_PAGE).get_page(request.GET.get("page"))
    rows = [(hit, subject_of(hit)) for hit in page]
    context = {"page": page, "rows": rows, "across": reads_everything(request.user)}
    return render(request, "screening/hits.html", context)


def _hit(request: HttpRequest, hit_id: int) -> Hit:
    hit = visible_hits(request.user).filter(pk=hit_id).first()
    if hit is None:
        raise Http404("No screening hit matches.")
    return hit


def _hit_page(
    request: HttpRequest,
    hit: Hit,
    *,
    form: DismissForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    if hit.contact_id is not None:
        contact = Contact.objects.get(pk=hit.contact_id)
        record_contact_read(contact, actor=_actor(request), at=timezone.now(), through="web")
    context = {
        "hit": hit,
        "entry": hit.entry,
        "snapshot": hit.entry.snapshot,
        "subject": subject_of(hit),
        "dismissal": hit.dismissals.select_related("dismissed_by").first(),
        "is_open": bool(undismissed([hit])),
        "decides": may_dismiss(_actor(request), hit),
        "form": form or DismissForm(),
        "problem": problem,
    }
    return render(request, "screening/hit.html", context, status=status)


@never_cache
@login_required
@require_GET
def hit_detail(request: HttpRequest, hit_id: int) -> HttpResponse:
    return _hit_page(request, _hit(request, hit_id))


@never_cache
@login_required
@require_POST
def hit_dismiss(request: HttpRequest, hit_id: int) -> HttpResponse:
    hit = _hit(request, hit_id)
    form = DismissForm(request.POST)
    if not may_dismiss(_actor(request), hit):
        message = _("Only a security officer of its organisation dismisses a hit.")
        return _hit_page(request, hit, form=form, problem=message, status=403)
    if not form.is_valid():
        return _hit_page(request, hit, form=form, status=422)
    try:
        dismiss(
            hit=hit, actor=_actor(request), reason=form.cleaned_data["reason"], now=timezone.now()
        )
    except InvalidInput as error:
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return _hit_page(request, hit, form=form, status=422)
    except (NotAllowed, Conflict) as error:
        return _hit_page(request, hit, form=form, problem=error.message, status=status_of(error))
    messages.success(request, _("Hit dismissed as a false positive."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("screening-hits")


@never_cache
@login_required
@require_GET
def list_snapshots(request: HttpRequest) -> HttpResponse:
    if not may_open(request.user, "screening-lists"):
        raise Http404
    return render(request, "screening/lists.html", {"lists": lists()})
