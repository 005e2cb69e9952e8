"""Merging two contacts of a register, splitting sightings off a contact, and undoing either:
an officer of the register's organisation acts, each step behind a page that says what it will
do. Whoever sees the contact but may not resolve it is refused (403); whoever does not see it
finds nothing (404). The services audit each step; each page that shows a contact records the
read.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sojourn.contacts import resolution
from sojourn.contacts.errors import ContactError, NotAllowed
from sojourn.contacts.models import Contact, Merge, MergeKind, Sighting
from sojourn.contacts.reads import record_contact_read
from sojourn.contacts.review_pages import card, contact_url, counts, refusal_words
from sojourn.contacts.review_views import actor, refused

# The chooser of a merge lists this many of the register's contacts, the newest first.
CHOICES = 500


def _contact(request: HttpRequest, contact_id: int) -> Contact:
    """A current contact the person sees; one they may not resolve is refused by the caller."""
    return (
        Contact.objects.current().select_related("affiliation").get_for(request.user, pk=contact_id)
    )


def _may_not(request: HttpRequest, contact: Contact) -> HttpResponse | None:
    if resolution.may_resolve(actor(request), contact.organisation_id):
        return None
    return refused(request, _("Only the register's officers may resolve it."), status=403)


def _read(request: HttpRequest, *contacts: Contact) -> None:
    now = timezone.now()
    for contact in contacts:
        record_contact_read(contact, actor=actor(request), at=now, through="web")


def _others(contact: Contact) -> list[Contact]:
    found = Contact.objects.current().filter(
        organisation_id=contact.organisation_id, kind=contact.kind
    )
    listed = list(found.exclude(pk=contact.pk).order_by("-created_at", "-id")[:CHOICES])
    return sorted(listed, key=lambda other: (other.name.casefold(), other.pk))


def _target(request: HttpRequest, contact: Contact) -> Contact | None:
    raw = request.POST.get("into") if request.method == "POST" else request.GET.get("into")
    if not raw or not raw.isdigit():
        return None
    return (
        Contact.objects.current()
        .select_related("affiliation")
        .filter(organisation_id=contact.organisation_id, pk=int(raw))
        .exclude(pk=contact.pk)
        .first()
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def contact_merge(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact(request, contact_id)
    if refusal := _may_not(request, contact):
        return refusal
    into = _target(request, contact)
    if request.method == "POST" and into is not None:
        try:
            resolution.merge(contact, into=into, actor=actor(request), now=timezone.now())
        except ContactError as error:
            return refused(request, refusal_words(error), status=409)
        messages.success(request, _("Merged: its names and sightings are now the other's."))
        return redirect(contact_url(into.pk))
    _read(request, contact, *([into] if into else []))
    seen = counts([contact.pk, *([into.pk] if into else [])])
    context = {
        "contact": contact,
        "left": card(contact, seen),
        "right": card(into, seen) if into else None,
        "others": [] if into else _others(contact),
        "missing": request.method == "POST" or "into" in request.GET,
    }
    status = 422 if context["missing"] and into is None else 200
    return render(request, "resolution/merge.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def contact_split(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact(request, contact_id)
    if refusal := _may_not(request, contact):
        return refusal
    chosen = [int(v) for v in request.POST.getlist("sighting_ids") if v.isdigit()]
    problem = ""
    if request.method == "POST":
        try:
            done = resolution.split(
                contact, sighting_ids=chosen, actor=actor(request), now=timezone.now()
            )
        except NotAllowed as error:
            return refused(request, refusal_words(error), status=403)
        except ContactError as error:
            problem = refusal_words(error)
        else:
            messages.success(request, _("Split: the chosen sightings are a new contact."))
            return redirect(contact_url(done.contact_id))
    _read(request, contact)
    sightings = Sighting.objects.filter(contact=contact).select_related("reporter")
    context = {"contact": contact, "sightings": sightings, "chosen": chosen, "problem": problem}
    return render(request, "resolution/split.html", context, status=422 if problem else 200)


def _merge(request: HttpRequest, merge_id: int) -> Merge:
    done = Merge.objects.select_related("contact", "into").filter(pk=merge_id).first()
    visible = Contact.objects.visible_to(request.user)
    if done is None or not visible.filter(pk=done.into_id).exists():
        raise Http404("No merge or split matches.")
    return done


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    done = _merge(request, merge_id)
    if refusal := _may_not(request, done.into):
        return refusal
    if request.method == "POST":
        try:
            resolution.undo(done, actor=actor(request), now=timezone.now())
        except ContactError as error:
            return refused(request, refusal_words(error), status=409)
        messages.success(request, _("Undone: what it moved is back where it was."))
        return redirect(contact_url(done.into_id))
    _read(request, done.contact, done.into)
    moved = {key: len(value) for key, value in done.moved.items() if isinstance(value, list)}
    context = {"done": done, "merge": done.kind == MergeKind.MERGE, "moved": moved}
    return render(request, "resolution/undo.html", context)
