"""Changing one's password revokes what the old password could have made: every live API token
and the calendar address (sojourn.security.password_changes, whatever sets the password). This
page lists them first, and the change goes through only once the person confirms (a box to
tick, shown when there is something to revoke)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sojourn.security import tokens
from sojourn.security.models import AccessToken, FeedSecret


def _at_stake(user: User) -> tuple[list[AccessToken], FeedSecret | None]:
    return tokens.active_tokens(user, timezone.now()), FeedSecret.objects.filter(user=user).first()


class ConfirmedPasswordChangeForm(PasswordChangeForm):
    revoke = forms.BooleanField(
        label=gettext_lazy("Revoke them with the old password"),
        required=False,
        help_text=gettext_lazy("Programs and calendars using them stop working at once."),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        live, feed = _at_stake(user)
        if live or feed is not None:
            self.fields["revoke"].required = True
            self.fields["revoke"].error_messages["required"] = _(
                "Tick the box: the change revokes the tokens and the calendar address listed."
            )
        else:
            del self.fields["revoke"]


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ConfirmedPasswordChangeForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assert isinstance(user, User)
        context["live_tokens"], context["feed"] = _at_stake(user)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        live, feed = _at_stake(form.user)
        # Saving the new password revokes them (sojourn.security.password_changes).
        response = super().form_valid(form)
        if live or feed is not None:
            messages.info(
                self.request,
                _(
                    "Revoked with the old password: %(count)s API tokens, and your calendar "
                    "address if you had one. Make new ones on your account page if you need them."
                )
                % {"count": len(live)},
            )
        return response
