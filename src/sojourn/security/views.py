"""The second factor's pages: the code after sign-in, setting up an authenticator, recovery
codes, and proving identity again before a sensitive action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from sojourn.audit import services as audit
from sojourn.security import mfa, reauth
from sojourn.security.forms import CodeForm, ReauthForm, SetupForm
from sojourn.security.models import UserSession


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else "/"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The code asked for after the password, when the person has an authenticator."""
    user = _user(request)
    if mfa.authenticator(user) is None:
        return HttpResponseRedirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        device = mfa.verify(user, form.cleaned_data["code"], now=now)
        if device is not None:
            otp_login(request, device)
            reauth.mark(request, now)
            if mfa.recovery_codes_left(user) <= 3:
                messages.warning(
                    request,
                    _("Only %(count)s recovery codes are left: make new ones on your account page.")
                    % {"count": mfa.recovery_codes_left(user)},
                )
            return HttpResponseRedirect(_next(request))
        form.add_error("code", _("That code is not right, or was already used. Try the next one."))
    return render(request, "security/verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
@require_http_methods(["GET"])
def mfa_status(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "security/mfa.html",
        {
            "device": mfa.authenticator(user),
            "codes_left": mfa.recovery_codes_left(user),
            "required": mfa.required(user),
            "enforced": mfa.enforced(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator: scan the code (or type the key), then prove it with one code.

    Replacing an existing authenticator is a change to two-factor sign-in, so it needs a
    recent proof of identity; a first setup (forced right after sign-in) does not.
    """
    user = _user(request)
    if mfa.authenticator(user) is not None and not reauth.is_recent(request, timezone.now()):
        return reauth.recent_authentication_required(setup)(request)
    device = mfa.pending_authenticator(user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        codes = mfa.confirm(user, device, form.cleaned_data["code"], now=now)
        if codes is not None:
            otp_login(request, mfa.authenticator(user))
            reauth.mark(request, now)
            return render(
                request, "security/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", _("That code does not match. Check the app's clock and try again."))
    return render(
        request,
        "security/setup.html",
        {
            "form": form,
            "qr": mfa.qr_svg(device),
            "secret": mfa.secret_text(device),
            "next": _next(request),
        },
    )


@never_cache
@login_required
@require_POST
@reauth.recent_authentication_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if mfa.authenticator(user) is None:
        return HttpResponseRedirect("/account/mfa/")
    codes = mfa.replace_recovery_codes(user, now=timezone.now())
    return render(request, "security/recovery_codes.html", {"codes": codes, "next": "/account/"})


@never_cache
@login_required
@require_POST
@reauth.recent_authentication_required
def remove(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mfa.remove(user, actor=user, now=timezone.now())
    if mfa.required(user):
        messages.info(request, _("Your role needs two-factor sign-in: set up your new device."))
        return HttpResponseRedirect("/account/mfa/setup/")
    messages.success(request, _("Two-factor sign-in is off for your account."))
    return HttpResponseRedirect("/account/mfa/")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Prove identity again: the password, or a code from the authenticator."""
    user = _user(request)
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        if reauth.proves(request, user, form.cleaned_data["secret"], now):
            reauth.mark(request, now)
            return HttpResponseRedirect(_next(request))
        form.add_error("secret", _("That is not your password or a current code."))
    return render(request, "security/reauth.html", {"form": form, "next": _next(request)})


def _open_sessions(user: User) -> list[UserSession]:
    """The person's sessions still alive; rows of sessions that expired are dropped."""
    rows = list(UserSession.objects.filter(user=user))
    alive = set(
        Session.objects.filter(
            session_key__in=[row.session_key for row in rows], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    gone = [row.pk for row in rows if row.session_key not in alive]
    if gone:
        UserSession.objects.filter(pk__in=gone).delete()
    return [row for row in rows if row.session_key in alive]


@never_cache
@login_required
@require_http_methods(["GET"])
def session_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "security/sessions.html",
        {
            "sessions": _open_sessions(_user(request)),
            "current": request.session.session_key,
        },
    )


@never_cache
@login_required
@require_POST
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    """End one of one's own sessions (another person's is a 404, like one that does not exist)."""
    user = _user(request)
    row = UserSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        raise Http404("No such session.")
    if row.session_key == request.session.session_key:
        return HttpResponseRedirect("/logout/")  # the current one: sign out properly
    Session.objects.filter(session_key=row.session_key).delete()
    row.delete()
    audit.record(
        actor=user,
        action="session.ended",
        obj=user,
        at=timezone.now(),
        data={"signed_in": row.created_at, "client": row.client},
    )
    messages.success(request, _("That session has ended: it must sign in again."))
    return HttpResponseRedirect("/account/sessions/")
