"""The account page: who I am in Sojourn, my preferred language and my emergency contact."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sojourn.people.access import person_of, role_of
from sojourn.people.forms import ProfileForm
from sojourn.people.models import Person
from sojourn.people.services import InvalidField, NotPermitted, update_profile


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
) -> HttpResponse:
    role = role_of(user)
    context = {
        "account_user": user,
        "person": person,
        "role_label": role.label if role is not None else "",
        "form": form,
        "has_password": user.has_usable_password(),
    }
    return render(request, "people/account.html", context, status=status)
