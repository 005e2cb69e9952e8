"""The account page: who I am in Sojourn, my preferred language and my emergency contact, my
personal access tokens for the API and the address of my calendar feed.

A new token or feed address is a secret shown once. It is shown in the answer to the POST that
made it (never cached: `no-store`) rather than carried to the next page in the session: sessions
are stored in the database in clear, and the secret must exist nowhere at rest but as its hash.
A reload that sends the token form again makes no second token (each form carries a one-time
value); a reload of the feed form just makes another new address, which is then the one shown.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sojourn.conf.addresses import base_url
from sojourn.conf.errors import InvalidInput, NotAllowed
from sojourn.people.access import person_of, role_of
from sojourn.people.models import Person, Role
from sojourn.people.services import InvalidField, NotPermitted, update_profile
from sojourn.security import tokens
from sojourn.security.models import AccessToken, FeedSecret
from sojourn.security.reauth import recent_authentication_required
from sojourn.security.tokens import PRIVATE_UNLESS_CHOSEN
from sojourn.web.account_forms import ProfileForm, TokenForm

TOKENS_PER_PAGE = 20
# The one-time values of the token forms already used in this session (the latest few).
USED_FORMS = "sojourn.account.token_forms"
USED_FORMS_KEPT = 20


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    person = person_of(user)
    if request.method == "GET":
        form = ProfileForm(initial=_current(person)) if person is not None else None
        return _page(request, user, person, form)
    if person is None:
        raise PermissionDenied(_("This account has no Sojourn profile to change."))
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _page(request, user, person, form, status=422)
    try:
        updated = update_profile(person, actor=user, now=timezone.now(), **form.cleaned_data)
    except InvalidField as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _page(request, user, person, form, status=422)
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    if _current(updated) == _current(person):
        messages.info(request, _("Nothing changed."))
    else:
        messages.success(request, _("Your profile has been saved."))
    return redirect("account")


def _current(person: Person | None) -> dict[str, str]:
    if person is None:
        return {}
    return {
        "language": person.language,
        "emergency_contact_name": person.emergency_contact_name,
        "emergency_contact_phone": person.emergency_contact_phone,
    }


def _page(
    request: HttpRequest,
    user: User,
    person: Person | None,
    form: ProfileForm | None,
    *,
    status: int = 200,
    token_form: TokenForm | None = None,
    **shown_once: Any,
) -> HttpResponse:
    role = role_of(user)
    now = timezone.now()
    token_page = Paginator(
        AccessToken.objects.filter(user=user).order_by("-created_at", "-id"), TOKENS_PER_PAGE
    ).get_page(request.GET.get("tokens_page"))
    context = {
        "account_user": user,
        "person": person,
        "role_label": role.label if role is not None else "",
        "form": form,
        "has_password": user.has_usable_password(),
        "tokens": token_page,
        "token_rows": [(token, token_state(token, now)) for token in token_page],
        "token_form": token_form or _fresh_token_form(),
        **_feed_context(user, role),
        **shown_once,
    }
    return render(request, "people/account.html", context, status=status)


# Personal access tokens ---------------------------------------------------------------------------


def _fresh_token_form() -> TokenForm:
    return TokenForm(initial={"once": secrets.token_urlsafe(16)})


def _account_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    return user


@never_cache
@login_required
@require_POST
@recent_authentication_required
def create_token(request: HttpRequest) -> HttpResponse:
    user = _account_user(request)
    person = person_of(user)
    profile = ProfileForm(initial=_current(person)) if person is not None else None
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, user, person, profile, token_form=form, status=422)
    once = form.cleaned_data["once"]
    used: list[str] = request.session.get(USED_FORMS, [])
    if once and once in used:
        messages.info(
            request,
            _(
                "That form was already sent: its token exists and was shown once. If you did "
                "not copy it, revoke it and create another."
            ),
        )
        return redirect("account")
    try:
        made = tokens.create_token(
            actor=user,
            user=user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_days=form.cleaned_data["expires_days"],
            now=timezone.now(),
        )
    except InvalidInput as error:
        for field, message in error.errors.items():
            form.add_error(field if field in form.fields else None, message)
        return _page(request, user, person, profile, token_form=form, status=422)
    if once:
        request.session[USED_FORMS] = [*used, once][-USED_FORMS_KEPT:]
    return _page(request, user, person, profile, new_token=made)


@never_cache
@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _account_user(request)
    # Only one's own tokens: anyone else's is not found, exactly like one that does not exist.
    token = AccessToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise Http404("No token matches.")
    if token.revoked_at is not None:
        messages.info(
            request, _("The token “%(name)s” was already revoked.") % {"name": token.name}
        )
        return redirect("account")
    try:
        tokens.revoke(token, actor=user, now=timezone.now())
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    messages.success(
        request,
        _("The token “%(name)s” is revoked: programs using it are refused from now on.")
        % {"name": token.name},
    )
    return redirect("account")


# The calendar feed --------------------------------------------------------------------------------


def feed_address(request: HttpRequest, secret: str) -> str:
    return base_url(request) + reverse("feed-trips", args=[secret])


@never_cache
@login_required
@require_POST
def rotate_feed(request: HttpRequest) -> HttpResponse:
    user = _account_user(request)
    person = person_of(user)
    had_one = FeedSecret.objects.filter(user=user).exists()
    secret = tokens.rotate_feed_secret(user=user, now=timezone.now())
    profile = ProfileForm(initial=_current(person)) if person is not None else None
    return _page(
        request,
        user,
        person,
        profile,
        new_feed_url=feed_address(request, secret),
        feed_replaced=had_one,
    )


def _feed_context(user: User, role: Role | None) -> dict[str, Any]:
    feed = FeedSecret.objects.filter(user=user).first()
    return {
        "feed": feed,
        "feed_expires_at": tokens.feed_expires_at(feed) if feed is not None else None,
        # Only these roles' feeds show other people's travel, so only they have the choice.
        "feed_names_choice": role in PRIVATE_UNLESS_CHOSEN,
    }


@never_cache
@login_required
@require_POST
def choose_feed_names(request: HttpRequest) -> HttpResponse:
    """An officer's or oversight's choice to see names and destinations in their feed."""
    user = _account_user(request)
    if role_of(user) not in PRIVATE_UNLESS_CHOSEN:
        raise Http404("No such choice for this account.")
    shows = request.POST.get("shows_names") == "on"
    if not tokens.show_names_in_feed(user=user, shows=shows, now=timezone.now()):
        messages.info(request, _("Make a calendar address first; then choose what it shows."))
    elif shows:
        messages.success(
            request, _("Your calendar feed now names travellers and their destinations.")
        )
    else:
        messages.success(
            request, _("Your calendar feed no longer names travellers or destinations.")
        )
    return redirect(reverse("account") + "#calendar")


def token_state(token: AccessToken, now: datetime.datetime) -> str:
    """Active, expired or revoked: what the list says of a token."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"
